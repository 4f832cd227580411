// Word lists for synthetic Senegalese persons. Diacritics are deliberate: clients must keep them intact.

export const femaleFirstNames = [
  'Aminata', 'Ndèye', 'Aïssatou', 'Fatou', 'Mame Diarra', 'Khady', 'Maïmouna', 'Awa', 'Mariama', 'Coumba',
  'Adama', 'Rokhaya', 'Seynabou', 'Astou', 'Dieynaba', 'Binta', 'Marème', 'Yacine', 'Ndeye Fatou', 'Sokhna',
  'Fama', 'Oumou', 'Kiné', 'Penda', 'Ramatoulaye', 'Sira', 'Nafissatou', 'Bineta', 'Ngoné', 'Thioro',
  'Diarra', 'Mbayang', 'Arame', 'Codou', 'Absa', 'Hawa', 'Salimata', 'Néné', 'Djénéba', 'Kadiatou',
] as const;

export const maleFirstNames = [
  'Cheikh', 'Ousmane', 'Serigne', 'Abdoulaye', 'Mamadou', 'Moussa', 'Ibrahima', 'Modou', 'Babacar', 'Aliou',
  'Pape', 'Lamine', 'Souleymane', 'Omar', 'Amadou', 'Boubacar', 'El Hadji', 'Malick', 'Idrissa', 'Saliou',
  'Alioune', 'Demba', 'Samba', 'Massamba', 'Mbaye', 'Baye Fall', 'Thierno', 'Djibril', 'Youssou', 'Assane',
  'Mouhamed', 'Ablaye', 'Gorgui', 'Matar', 'Ismaïla', 'Bécaye', 'Khadim', 'Fallou', 'Sidy', 'Oumar',
] as const;

export const lastNames = [
  'Diallo', 'Cissé', 'Ndiaye', 'Sène', 'Mbaye', 'Guèye', 'Faye', 'Fall', 'Sow', 'Bâ', 'Kâ', 'Thiam', 'Diop',
  'Niang', 'Sarr', 'Diouf', 'Ndour', 'Dieng', 'Seck', 'Camara', 'Touré', 'Kane', 'Wade', 'Sy', 'Mbengue',
  'Diagne', 'Gning', 'Samb', 'Lô', 'Ndao', 'Badji', 'Sané', 'Diatta', 'Coly', 'Mendy', 'Goudiaby', 'Traoré',
  'Koné', 'Baldé', 'Barry', 'Tall', 'Kébé', 'Dramé', 'Sylla', 'Ndong', 'Thioune', 'Gaye', 'Boye', 'Sall',
] as const;

// About 2% of persons are registered with their name in Arabic script.
export const arabicFemaleFirstNames = ['عائشة', 'فاطمة', 'مريم', 'خديجة', 'آمنة', 'زينب'] as const;
export const arabicMaleFirstNames = ['محمد', 'إبراهيم', 'عمر', 'عبد الله', 'موسى', 'أحمد'] as const;
export const arabicLastNames = ['انجاي', 'جالو', 'سيسي', 'فال', 'جوب', 'سو', 'با'] as const;

// Extra given names used to build very long compound first names (over 40 characters).
export const compoundParts = [
  'Mouhamadou', 'Moustapha', 'Abdou Lahad', 'Bousso', 'Fatimata', 'Aïssatou', 'Mame Coumba', 'Seydina',
  'Limamou', 'Ndèye Maguette', 'Khadidiatou', 'Serigne Saliou', 'Ramatoulaye', 'Mariama Bâ',
] as const;

export const villages = [
  'Yoff', 'Ouakam', 'Grand Yoff', 'Keur Massar', 'Ndiarème', 'Touba Mosquée', 'Médina Baye', 'Ngor Village',
  'Sicap Liberté', 'Hann Maristes', 'Thiaroye sur Mer', 'Keur Mbaye Fall', 'Diamaguène', 'Sébikotane',
  'Ndayane', 'Nianing', 'Fass Boye', 'Mboro', 'Pout', 'Khombole', 'Ndoffane', 'Sokone', 'Kahone', 'Thiadiaye',
  'Dioffior', 'Gandiaye', 'Ross Béthio', 'Guédé Chantier', 'Bakel Escale', 'Dindéfélo', 'Oussouye Ville',
  'Kafountine', 'Thionck Essyl', 'Diaobé', 'Ourossogui', 'Darou Mousty', 'Ngaye Mékhé', 'Keur Madiabel',
] as const;

export const storedByUsers = ['admin', 'agent.ngor', 'fatou.diop', 'infirmier.plateau', 'sage-femme.pikine', 'android'] as const;

export const mobilePrefixes = ['70', '75', '76', '77', '78'] as const;
