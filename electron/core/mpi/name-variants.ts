// Spellings of one name that the phonetic rules alone do not bring together. Senegalese and West African
// names reach registers through French, English (Gambia) and Arabic transliterations, and each clerk
// writes what they hear: Mouhamed / Mohamed / Muhammad are one name, not three.

/** Spellings of the same name: they get one phonetic key, so they block together and compare as equal. */
export const spellingGroups: readonly (readonly string[])[] = [
  // First names
  ['Mouhamed', 'Mohamed', 'Mohammed', 'Muhammad', 'Mouhammad', 'Mouhamad', 'Mohamad', 'Mohammad', 'Muhamed', 'Mouhammed'],
  ['Mouhamadou', 'Mohamadou', 'Muhammadu', 'Mouhammadou', 'Mohammadou'],
  ['Ndèye', 'Ndeye', 'Ndaye', 'Ndey', 'Ndéye'],
  ['Aïssatou', 'Aissatou', 'Aisatou', 'Aissata', 'Aïssata', 'Aysatou', 'Aissatu', 'Aïsseta'],
  ['Ousmane', 'Usman', 'Ousman', 'Osmane', 'Othmane', 'Outhmane'],
  ['Abdoulaye', 'Abdulaye', 'Abdoulay', 'Abdoulahi', 'Abdullahi'],
  ['Cheikh', 'Cheick', 'Sheikh', 'Cheik', 'Chekh', 'Shaykh', 'Cheikhou'],
  ['Mamadou', 'Mamadu', 'Mamadoou'],
  ['Ibrahima', 'Ibrahim', 'Ibrahime', 'Ebrahima', 'Ibrahema'],
  ['Oumar', 'Omar', 'Umar', 'Omer'],
  ['Youssouf', 'Yusuf', 'Youssoupha', 'Yousouf', 'Youssef', 'Yousef'],
  ['Assane', 'Hassane', 'Hassan', 'Hasan', 'Asane'],
  ['Ousseynou', 'Housseynou', 'Ousseini', 'Housseini', 'Hussein', 'Husseini'],
  ['Seynabou', 'Zeynabou', 'Zeinabou', 'Sainabou', 'Zeynab', 'Zeinab', 'Zainab'],
  ['Khadija', 'Khadidja', 'Khadidia', 'Xadija'],
  ['Mariama', 'Mariam', 'Maryam', 'Maryama', 'Mariyama', 'Meriem'],
  ['Boubacar', 'Aboubacar', 'Abubakar', 'Aboubakar', 'Boubakar', 'Bubacar', 'Aboubakry'],
  ['Ahmed', 'Ahmad', 'Ahmet', 'Ahmedou'],
  ['Ismaïla', 'Ismaila', 'Ismael', 'Ismaël', 'Ismail', 'Ismaïl'],
  ['Fatoumata', 'Fatimata', 'Fatoumatou', 'Fatimatou', 'Fatoumatta'],
  ['Aminata', 'Aminatou', 'Aminatta'],
  ['Kadiatou', 'Kadiata', 'Khadiatou', 'Kadiatu'],
  ['Binta', 'Bintou', 'Bintu'],
  ['Rokhaya', 'Rokaya', 'Roukhaya', 'Rakhaya', 'Rokhiatou'],
  // Family names: French (Senegal) and English (Gambia) spellings of the same name
  ['Diallo', 'Jallow', 'Djallo', 'Jalo'],
  ['Ndiaye', 'Njie', 'Ndiay', 'Njai'],
  ['Diop', 'Job', 'Jobe', 'Djop'],
  ['Diouf', 'Joof', 'Juuf', 'Djouf'],
  ['Diatta', 'Jatta', 'Djatta'],
  ['Diagne', 'Jagne', 'Djagne'],
  ['Dieng', 'Jeng', 'Djeng'],
  ['Cissé', 'Sissé', 'Cisse', 'Ceesay'],
  ['Touré', 'Toure', 'Ture', 'Turay'],
  ['Sow', 'Sowe', 'Sou'],
  ['Bâ', 'Ba', 'Bah'],
  ['Gueye', 'Guèye', 'Guey'],
];

/**
 * Short forms people go by (Modou for Mamadou, Ablaye for Abdoulaye). Not the same spelling, so they keep
 * their own key (they are also given as names in their own right) but compare as close, not as different.
 */
export const shortForms: readonly (readonly [string, string])[] = [
  ['Modou', 'Mamadou'], ['Ablaye', 'Abdoulaye'], ['Ibra', 'Ibrahima'], ['Fatou', 'Fatoumata'], ['Khady', 'Khadidiatou'],
  ['Khady', 'Khadija'], ['Astou', 'Aïssatou'], ['Aliou', 'Ali'], ['Papa', 'Pape'], ['Oumy', 'Oumou'], ['Adji', 'Adja'],
  ['Hadji', 'Hadj'], ['Abdou', 'Abdoul'], ['Lamine', 'Alamine'],
];
