/**
 * The demo team a new user meets on `npm start`: realistic leads whose behaviour is spread
 * over the last 90 days, so every tier, stage and rule kind shows up.
 * `profile` picks the kind of history generated for the lead (src/services/demo-seed.ts).
 */
export type Profile = "hot" | "warm" | "browsing" | "cold" | "consultant" | "job_seeker" | "repeat_buyer" | "cooling";

export interface DemoLead {
  name: string;
  company: string;
  title: string;
  email: string;
  phone?: string;
  country: string;
  companySize: number;
  profile: Profile;
  owner?: "anna" | "marco";
}

export const DEMO_TEAM = { name: "Demo Sales", timezone: "Europe/Berlin" };

export const DEMO_MEMBERS = [
  // The console user set the team up: its admin, so the quick start can create API keys in chat.
  { externalId: "local", displayName: "You", role: "admin" as const },
  { externalId: "anna", displayName: "Anna Petrova", role: "rep" as const },
  { externalId: "marco", displayName: "Marco Rossi", role: "rep" as const },
];

export const DEMO_LEADS: DemoLead[] = [
  { name: "Jana Novak", company: "Acme Logistics", title: "Head of Operations", email: "jana.novak@acme-logistics.example", phone: "+420 601 555 010", country: "CZ", companySize: 240, profile: "hot", owner: "anna" },
  { name: "Tomasz Kowalski", company: "Baltic Freight", title: "COO", email: "t.kowalski@balticfreight.example", country: "PL", companySize: 410, profile: "hot" },
  { name: "Elena Petrescu", company: "Carpathia Foods", title: "Procurement Manager", email: "elena@carpathiafoods.example", country: "RO", companySize: 95, profile: "hot", owner: "marco" },
  { name: "Mark Jensen", company: "Nordlys Energy", title: "VP Finance", email: "mark.jensen@nordlys.example", country: "DK", companySize: 1200, profile: "hot" },
  { name: "Olga Ivanova", company: "Volga Retail", title: "IT Director", email: "o.ivanova@volgaretail.example", phone: "+7 912 555 0134", country: "RS", companySize: 560, profile: "warm", owner: "anna" },
  { name: "Lukas Weber", company: "Weber & Söhne", title: "Managing Director", email: "lukas@weber-soehne.example", country: "DE", companySize: 60, profile: "warm" },
  { name: "Sofia Marino", company: "Marino Design", title: "Founder", email: "sofia@marinodesign.example", country: "IT", companySize: 12, profile: "warm", owner: "marco" },
  { name: "Pieter de Vries", company: "Delta Water", title: "Operations Lead", email: "pieter@deltawater.example", country: "NL", companySize: 310, profile: "warm" },
  { name: "Ana Horvat", company: "Adria Hotels", title: "Revenue Manager", email: "ana.horvat@adriahotels.example", country: "HR", companySize: 180, profile: "warm" },
  { name: "James O'Connor", company: "Liffey Analytics", title: "Data Lead", email: "james@liffey.example", country: "IE", companySize: 45, profile: "browsing" },
  { name: "Katarzyna Nowak", company: "Vistula Pharma", title: "Head of Quality", email: "k.nowak@vistulapharma.example", country: "PL", companySize: 720, profile: "browsing" },
  { name: "Henrik Larsen", company: "Fjord Shipping", title: "Fleet Manager", email: "henrik@fjordshipping.example", country: "NO", companySize: 150, profile: "browsing" },
  { name: "Marta Silva", company: "Lisboa Digital", title: "Marketing Manager", email: "marta@lisboadigital.example", country: "PT", companySize: 35, profile: "browsing" },
  { name: "Dmitri Sokolov", company: "Neva Systems", title: "CTO", email: "dmitri@nevasystems.example", country: "EE", companySize: 80, profile: "cooling", owner: "anna" },
  { name: "Claire Dubois", company: "Rhône Textiles", title: "Purchasing Director", email: "claire.dubois@rhonetextiles.example", country: "FR", companySize: 260, profile: "cooling" },
  { name: "Giorgos Papadakis", company: "Aegean Tours", title: "General Manager", email: "giorgos@aegeantours.example", country: "GR", companySize: 40, profile: "cold" },
  { name: "Eva Lindqvist", company: "Svea Furniture", title: "Office Manager", email: "eva@sveafurniture.example", country: "SE", companySize: 22, profile: "cold" },
  { name: "Milan Kovač", company: "Tatra Machines", title: "Plant Engineer", email: "milan.kovac@tatramachines.example", country: "SK", companySize: 390, profile: "cold" },
  { name: "Laura Fischer", company: "Alpen Insurance", title: "Team Assistant", email: "laura@alpen-ins.example", country: "AT", companySize: 900, profile: "cold" },
  { name: "Bogdan Popescu", company: "Danube Consulting", title: "Senior Consultant", email: "bogdan@danubeconsulting.example", country: "RO", companySize: 15, profile: "consultant" },
  { name: "Sarah Mitchell", company: "Mitchell Advisory", title: "Independent Consultant", email: "sarah@mitchelladvisory.example", country: "GB", companySize: 1, profile: "consultant" },
  { name: "Nikola Petrović", company: "Sava Telecom", title: "Student", email: "nikola.p@savatelecom.example", country: "RS", companySize: 2000, profile: "job_seeker" },
  { name: "Irina Volkova", company: "Ural Metals", title: "Junior Analyst", email: "irina@uralmetals.example", country: "KZ", companySize: 3000, profile: "job_seeker" },
  { name: "Peter Horváth", company: "Balaton Wines", title: "Owner", email: "peter@balatonwines.example", phone: "+36 30 555 0199", country: "HU", companySize: 28, profile: "repeat_buyer", owner: "marco" },
  { name: "Maria Gonzalez", company: "Iberia Print", title: "Production Manager", email: "maria@iberiaprint.example", country: "ES", companySize: 70, profile: "repeat_buyer" },
  { name: "Andrei Mihai", company: "Black Sea Ports", title: "Logistics Director", email: "andrei@blacksea.example", country: "RO", companySize: 650, profile: "warm" },
  { name: "Hanna Virtanen", company: "Suomi Clean", title: "CEO", email: "hanna@suomiclean.example", country: "FI", companySize: 55, profile: "hot" },
  { name: "Tobias Keller", company: "Zürich Capital", title: "Analyst", email: "tobias@zcap.example", country: "CH", companySize: 120, profile: "browsing" },
  { name: "Agnieszka Zielińska", company: "Gdańsk Yachts", title: "Sales Director", email: "agnieszka@gdanskyachts.example", country: "PL", companySize: 90, profile: "cold" },
  { name: "Viktor Horák", company: "Moravia Glass", title: "Head of Procurement", email: "viktor@moraviaglass.example", country: "CZ", companySize: 210, profile: "cooling" },
];
