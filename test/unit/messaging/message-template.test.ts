import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CardModel } from '../../../templates/kit/card-model';
import { composeSms } from '../../../electron/core/distribution/messaging/send-card';
import {
  parseTemplate, placeholderValues, renderTemplate, unknownPlaceholders,
} from '../../../electron/core/distribution/messaging/message-template';

const card: CardModel = {
  enrollmentId: 'xyz123abcde', programmeName: 'National Vaccination Program', firstName: 'Aminata', lastName: 'Diallo',
  dateOfBirth: '1995-03-15', gender: 'female', phone: '+221771234567', healthCenter: 'Plateau Health Center', zone: 'Dakar',
  enrollmentDate: '2026-01-15', mpiId: 'MPI-ABCDEFGH2', nationalId: null, address: null, guardianName: null, photo: null,
  qrPayload: 'OOMUS1/xyz123abcde/P3jJH5Tu5VC/MPI-ABCDEFGH2', extra: [],
};

test('placeholders are filled with the card fields as people read them', () => {
  const fr = placeholderValues(card, 'fr');
  assert.equal(renderTemplate('Bonjour {first_name} {last_name}, voici votre carte {programme_name}.', fr),
    'Bonjour Aminata Diallo, voici votre carte National Vaccination Program.');
  assert.equal(renderTemplate('{full_name} ({mpi_id}), née le {date_of_birth}, {gender}, inscrite le {enrollment_date}', fr),
    'Aminata Diallo (MPI-ABCDEFGH2), née le 15/03/1995, Féminin, inscrite le 15/01/2026');
  assert.equal(renderTemplate('{gender} at {health_center}, {zone}', placeholderValues(card, 'en')), 'Female at Plateau Health Center, Dakar');
  assert.equal(renderTemplate('{enrollment_id} {phone_number}', fr), 'xyz123abcde +221771234567');
});

test('a field without a value is empty; spaces inside the braces are allowed', () => {
  assert.equal(renderTemplate('ID: {national_id}.', placeholderValues(card, 'fr')), 'ID: .');
  assert.equal(renderTemplate('Hi { first_name }', placeholderValues(card, 'fr')), 'Hi Aminata');
});

test('unknown placeholders are found (each once); {{ and }} are literal braces; a lone brace is text', () => {
  assert.deepEqual(unknownPlaceholders('Hello {first_name} {nom} {nom} {First_Name} {}'), ['nom', 'First_Name', '']);
  assert.deepEqual(unknownPlaceholders('Hello {first_name}'), []);
  assert.deepEqual(unknownPlaceholders('Use {{first_name}} to write a placeholder'), []);
  assert.equal(renderTemplate('Use {{first_name}} for {first_name}', placeholderValues(card, 'en')), 'Use {first_name} for Aminata');
  assert.deepEqual(unknownPlaceholders('a { b'), []);
  assert.equal(renderTemplate('3 < 5 } and { alone', placeholderValues(card, 'en')), '3 < 5 } and { alone');
  assert.deepEqual(parseTemplate('x{a}y'), [{ text: 'x' }, { placeholder: 'a' }, { text: 'y' }]);
});

test('an SMS carries the message, the MPI ID, the card\'s signed token and the wallet link, each once', () => {
  const token = 'OC1:6BF%3N0D+';
  assert.equal(composeSms('Bonjour Aminata', 'MPI-ABCDEFGH2', null, null, 'fr'), 'Bonjour Aminata\nID MPI : MPI-ABCDEFGH2');
  assert.equal(composeSms('Hello Aminata', 'MPI-ABCDEFGH2', token, 'https://pay.google.com/gp/v/save/x', 'en'),
    `Hello Aminata\nMPI ID: MPI-ABCDEFGH2\nVerification code: ${token}\nhttps://pay.google.com/gp/v/save/x`);
  assert.equal(composeSms('Bonjour', null, token, null, 'fr'), `Bonjour\nCode de vérification : ${token}`);
  assert.equal(composeSms(`Votre ID : MPI-ABCDEFGH2, code ${token}`, 'MPI-ABCDEFGH2', token, null, 'fr'), `Votre ID : MPI-ABCDEFGH2, code ${token}`);
  assert.equal(composeSms('Bonjour', null, null, null, 'fr'), 'Bonjour');
});

test('{card_token} is the signed token of the card; a card made before signing has none', () => {
  assert.equal(renderTemplate('[{card_token}]', placeholderValues(card, 'fr')), '[]', 'the legacy OOMUS1 payload is not a token');
  const signed = { ...card, qrPayload: 'OC1:6BF%3N0D+' };
  assert.equal(renderTemplate('Code : {card_token}', placeholderValues(signed, 'fr')), 'Code : OC1:6BF%3N0D+');
});
