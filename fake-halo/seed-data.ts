/**
 * The sandbox tenant's fixed vocabulary: an MSP's customers, people, and the
 * per-tenant lookups (statuses, priorities, types) deliberately NOT on
 * Halo's default IDs, so code that hard-codes "9 = Closed" or "1..N" fails
 * here as it would on a real tenant. Phone numbers are in Ofcom's drama
 * ranges and e-mail domains end in .example: nothing here reaches anyone.
 */
import type { Outcome, Status } from "./types.js";

/** All seeded dates lie in the 90 days before this instant. */
export const SANDBOX_REFERENCE_DATE = "2026-11-01T00:00:00.000Z";

export interface ClientSeed {
  name: string;
  domain: string;
  code: string;
  sites: string[];
  city: string;
}

/** The first entries are fixed: tests rely on the two "Acme" clients (name ambiguity). */
export const CLIENT_SEEDS: ClientSeed[] = [
  {
    name: "Acme Corporation",
    domain: "acme-corp.example",
    code: "ACME",
    sites: ["Acme London", "Acme Manchester"],
    city: "London",
  },
  {
    name: "Acme Logistics Ltd",
    domain: "acmelogistics.example",
    code: "ACLG",
    sites: ["Felixstowe Depot"],
    city: "Felixstowe",
  },
  {
    name: "Globex Corporation",
    domain: "globex.example",
    code: "GLBX",
    sites: ["Globex HQ", "Globex Leeds"],
    city: "Leeds",
  },
  { name: "Initech", domain: "initech.example", code: "INIT", sites: ["Initech Reading"], city: "Reading" },
  {
    name: "Umbrella Health",
    domain: "umbrellahealth.example",
    code: "UMBR",
    sites: ["Umbrella Health Clinic", "Umbrella Health Lab"],
    city: "Oxford",
  },
  {
    name: "Stark Industries",
    domain: "stark.example",
    code: "STRK",
    sites: ["Stark Bristol"],
    city: "Bristol",
  },
  {
    name: "Wayne Enterprises",
    domain: "wayne.example",
    code: "WAYN",
    sites: ["Wayne Tower", "Wayne Glasgow"],
    city: "Glasgow",
  },
  { name: "Hooli", domain: "hooli.example", code: "HOOL", sites: ["Hooli Cambridge"], city: "Cambridge" },
  {
    name: "Vandelay Industries",
    domain: "vandelay.example",
    code: "VAND",
    sites: ["Vandelay Birmingham"],
    city: "Birmingham",
  },
  {
    name: "Soylent Foods",
    domain: "soylent.example",
    code: "SOYL",
    sites: ["Soylent Factory", "Soylent Office"],
    city: "Norwich",
  },
  {
    name: "Cyberdyne Systems",
    domain: "cyberdyne.example",
    code: "CYBR",
    sites: ["Cyberdyne Lab"],
    city: "Swindon",
  },
  {
    name: "Tyrell Legal LLP",
    domain: "tyrell-legal.example",
    code: "TYRL",
    sites: ["Tyrell Chambers"],
    city: "York",
  },
  {
    name: "Northwind Traders",
    domain: "northwind.example",
    code: "NWND",
    sites: ["Northwind Warehouse"],
    city: "Hull",
  },
  {
    name: "Contoso Dental",
    domain: "contoso-dental.example",
    code: "CTSO",
    sites: ["Contoso Surgery"],
    city: "Bath",
  },
  {
    name: "Fabrikam Engineering",
    domain: "fabrikam.example",
    code: "FBKM",
    sites: ["Fabrikam Works"],
    city: "Derby",
  },
  {
    name: "Blue Yonder Airlines",
    domain: "blueyonder.example",
    code: "BLYD",
    sites: ["Blue Yonder Hangar"],
    city: "Luton",
  },
  {
    name: "Litware Inc",
    domain: "litware.example",
    code: "LITW",
    sites: ["Litware Studio"],
    city: "Brighton",
  },
  {
    name: "Adventure Works",
    domain: "adventure-works.example",
    code: "ADVW",
    sites: ["Adventure Works Store"],
    city: "Exeter",
  },
  {
    name: "Woodgrove Bank",
    domain: "woodgrove.example",
    code: "WDGV",
    sites: ["Woodgrove Branch"],
    city: "Chester",
  },
  {
    name: "Tailspin Toys",
    domain: "tailspin.example",
    code: "TLSP",
    sites: ["Tailspin Shop"],
    city: "Leicester",
  },
];

/** Index (in CLIENT_SEEDS) of the inactive client when all twelve defaults are seeded. */
export const INACTIVE_CLIENT_INDEX = 11;

/** Named contacts for demos and tests, by site name; the rest are generated. */
export const FIXED_CONTACTS: Record<string, Array<[string, string, string]>> = {
  "Acme London": [
    ["Sarah", "Mitchell", "Office Manager"],
    ["Tom", "Baker", "Finance Director"],
  ],
  "Acme Manchester": [["Priya", "Shah", "Operations Lead"]],
};

export const FIRST_NAMES = [
  "James",
  "Olivia",
  "Mohammed",
  "Amelia",
  "Noah",
  "Isla",
  "George",
  "Ava",
  "Leo",
  "Mia",
  "Oscar",
  "Grace",
  "Arthur",
  "Freya",
  "Harry",
  "Lily",
  "Jack",
  "Emily",
  "Charlie",
  "Sophie",
  "Ravi",
  "Aisha",
  "Daniel",
  "Hannah",
  "Kwame",
  "Zara",
  "Liam",
  "Chloe",
  "Ethan",
  "Ruby",
];

export const SURNAMES = [
  "Smith",
  "Jones",
  "Taylor",
  "Brown",
  "Williams",
  "Wilson",
  "Johnson",
  "Davies",
  "Patel",
  "Robinson",
  "Wright",
  "Thompson",
  "Evans",
  "Walker",
  "White",
  "Roberts",
  "Green",
  "Hall",
  "Wood",
  "Khan",
  "Hughes",
  "Clarke",
  "Edwards",
  "Turner",
  "Hill",
  "Moore",
  "Cooper",
  "Ward",
  "Morris",
  "Nguyen",
];

export const JOB_TITLES = [
  "Office Manager",
  "Accountant",
  "Receptionist",
  "Sales Executive",
  "HR Advisor",
  "Director",
  "Warehouse Supervisor",
  "Practice Manager",
  "Marketing Lead",
  "Engineer",
  "Paralegal",
  "Analyst",
];

/** Per-tenant statuses: not Halo's 1..9 defaults (see the file header). */
export const STATUS_SEEDS: Array<Omit<Status, "guid">> = [
  { id: 1, name: "New", shortname: "New", sequence: 1, colour: "#2196f3", closed: false, slaaction: "" },
  {
    id: 2,
    name: "In Progress",
    shortname: "In Prog",
    sequence: 2,
    colour: "#4caf50",
    closed: false,
    slaaction: "",
  },
  {
    id: 21,
    name: "Waiting on Customer",
    shortname: "Waiting",
    sequence: 3,
    colour: "#ff9800",
    closed: false,
    slaaction: "Hold",
  },
  {
    id: 4,
    name: "On Hold",
    shortname: "Hold",
    sequence: 4,
    colour: "#9e9e9e",
    closed: false,
    slaaction: "Hold",
  },
  {
    id: 22,
    name: "Awaiting Parts",
    shortname: "Parts",
    sequence: 5,
    colour: "#795548",
    closed: false,
    slaaction: "Hold",
  },
  {
    id: 8,
    name: "Resolved",
    shortname: "Resolved",
    sequence: 8,
    colour: "#00bcd4",
    closed: true,
    slaaction: "Release",
  },
  {
    id: 9,
    name: "Closed",
    shortname: "Closed",
    sequence: 9,
    colour: "#000000",
    closed: true,
    slaaction: "Release",
  },
];

export const SLA_SEEDS = [
  { id: 1, name: "Standard SLA" },
  { id: 2, name: "Premium 24x7 SLA" },
];

/**
 * [priorityid, name, colour, response hours, fix hours] for the Standard SLA;
 * Premium halves the times and names them "P1 - Critical" and so on.
 */
export const PRIORITY_SEEDS: Array<[number, string, string, number, number]> = [
  [1, "Critical", "#f44336", 1, 4],
  [2, "High", "#ff9800", 2, 8],
  [3, "Medium", "#2196f3", 4, 24],
  [4, "Low", "#8bc34a", 8, 72],
];

export const TEAM_SEEDS = [
  {
    id: 1,
    name: "Service Desk",
    department_id: 1,
    department_name: "Support",
    emailaddress: "servicedesk@sandbox-msp.example",
  },
  {
    id: 2,
    name: "Second Line",
    department_id: 1,
    department_name: "Support",
    emailaddress: "secondline@sandbox-msp.example",
  },
  {
    id: 5,
    name: "Projects",
    department_id: 2,
    department_name: "Professional Services",
    emailaddress: "projects@sandbox-msp.example",
  },
  {
    id: 6,
    name: "Field Engineers",
    department_id: 2,
    department_name: "Professional Services",
    emailaddress: "field@sandbox-msp.example",
  },
];

/** [id, first, last, team ids, job title, role, disabled]. Agent 1 is the API application's agent. */
export const AGENT_SEEDS: Array<[number, string, string, number[], string, string, boolean]> = [
  [1, "Alice", "Admin", [1, 2], "Service Desk Manager", "Administrator", false],
  [3, "Ben", "Carter", [1], "1st Line Technician", "Technician", false],
  [4, "Chloe", "Davies", [1], "1st Line Technician", "Technician", false],
  [5, "Dev", "Patel", [2], "2nd Line Engineer", "Engineer", false],
  [6, "Emma", "Wilson", [5], "Project Engineer", "Engineer", false],
  [7, "Farid", "Khan", [6], "Field Engineer", "Engineer", false],
  [8, "Gary", "Leaver", [1], "Former Technician", "Technician", true],
];

/** [id, name, prefix, default team, default priority]. */
export const TICKET_TYPE_SEEDS: Array<[number, string, string, number, number]> = [
  [1, "Incident", "INC", 1, 3],
  [3, "Service Request", "SR", 1, 4],
  [4, "Problem", "PRB", 2, 2],
  [5, "Change Request", "CHG", 5, 3],
  [28, "Monitoring Alert", "ALR", 2, 2],
];

export const OUTCOME_SEEDS: Array<Omit<Outcome, "guid">> = [
  {
    id: 1,
    outcome: "Private Note",
    buttonname: "Private Note",
    hidefromuser: true,
    sendemail: 0,
    systemid: 0,
    colour: "#607d8b",
  },
  {
    id: 2,
    outcome: "Public Note",
    buttonname: "Public Note",
    hidefromuser: false,
    sendemail: 0,
    systemid: 0,
    colour: "#4caf50",
  },
  {
    id: 3,
    outcome: "Email User",
    buttonname: "Email User",
    hidefromuser: false,
    sendemail: 1,
    systemid: 0,
    colour: "#2196f3",
  },
  {
    id: 4,
    outcome: "Phone Call",
    buttonname: "Phone Call",
    hidefromuser: true,
    sendemail: 0,
    systemid: 0,
    colour: "#9c27b0",
  },
  {
    id: 5,
    outcome: "Remote Session",
    buttonname: "Remote Session",
    hidefromuser: true,
    sendemail: 0,
    systemid: 0,
    colour: "#3f51b5",
  },
  {
    id: 6,
    outcome: "Resolution",
    buttonname: "Resolve",
    hidefromuser: false,
    sendemail: 1,
    systemid: 0,
    colour: "#00bcd4",
  },
  {
    id: 101,
    outcome: "Ticket Logged",
    buttonname: "",
    hidefromuser: false,
    sendemail: 0,
    systemid: 1,
    colour: "#000000",
  },
  {
    id: 102,
    outcome: "Status Change",
    buttonname: "",
    hidefromuser: true,
    sendemail: 0,
    systemid: 2,
    colour: "#000000",
  },
  {
    id: 103,
    outcome: "Rule Applied",
    buttonname: "",
    hidefromuser: true,
    sendemail: 0,
    systemid: 3,
    colour: "#000000",
  },
];

/** [id, name]: asset fields, shared by asset types. */
export const ASSET_FIELD_SEEDS: Array<[number, string]> = [
  [1, "Serial Number"],
  [2, "Model"],
  [3, "Manufacturer"],
  [4, "Operating System"],
  [5, "RAM (GB)"],
  [6, "IP Address"],
  [7, "Firmware Version"],
  [8, "Toner Cartridge"],
  [9, "Purchase Date"],
];

/** [id, name, group id, group name, tag prefix, field ids]. */
export const ASSET_TYPE_SEEDS: Array<[number, string, number, string, string, number[]]> = [
  [11, "Laptop", 1, "Hardware", "LT", [1, 2, 3, 4, 5, 9]],
  [12, "Printer", 1, "Hardware", "PR", [1, 2, 3, 6, 8]],
  [13, "Server", 1, "Hardware", "SV", [1, 2, 3, 4, 5, 6, 9]],
  [14, "Firewall", 2, "Network", "FW", [1, 2, 3, 6, 7]],
];

export const ASSET_MODELS: Record<number, Array<[string, string, string]>> = {
  11: [
    ["Dell", "Latitude 5440", "Windows 11 Pro"],
    ["Lenovo", "ThinkPad T14 Gen 4", "Windows 11 Pro"],
    ["HP", "EliteBook 840 G10", "Windows 11 Pro"],
    ["Apple", "MacBook Air M3", "macOS 15"],
  ],
  12: [
    ["HP", "LaserJet Pro M404dn", ""],
    ["Brother", "HL-L8360CDW", ""],
    ["Kyocera", "ECOSYS M3655idn", ""],
  ],
  13: [
    ["Dell", "PowerEdge R650", "Windows Server 2022"],
    ["HPE", "ProLiant DL360 Gen10", "Windows Server 2019"],
  ],
  14: [
    ["Fortinet", "FortiGate 60F", ""],
    ["Sophos", "XGS 2100", ""],
    ["WatchGuard", "Firebox T45", ""],
  ],
};

/** The MSP's service catalogue: the Service field's options and what clients see in a site. */
export const SERVICES = [
  "Managed IT",
  "Cloud Backup",
  "Microsoft 365",
  "Networking",
  "Security",
  "Telephony",
  "Printing",
  "Line of Business Apps",
];

/** Custom field definitions: [id, name, label, type, usage, select values]. */
export const FIELD_SEEDS: Array<[number, string, string, number, number, string[]]> = [
  [201, "CFService", "Service", 2, 1, SERVICES],
  [
    202,
    "CFImpactedUsers",
    "Users Affected",
    2,
    1,
    ["Single user", "Several users", "Whole site", "Whole company"],
  ],
  [203, "CFAssetTag", "Asset Tag", 0, 1, []],
  [204, "CFCustomerRef", "Customer Reference", 0, 1, []],
  [205, "CFRootCause", "Root Cause", 1, 1, []],
  [
    206,
    "CFResolutionCode",
    "Resolution Code",
    2,
    1,
    ["Fixed", "Workaround", "Duplicate", "No Fault Found", "User Training"],
  ],
  [207, "CFBillable", "Billable", 6, 1, []],
  [208, "CFFollowUpDate", "Follow-up Date", 4, 1, []],
  [209, "CFLocation", "Location / Room", 0, 1, []],
  [210, "CFEscalationReason", "Escalation Reason", 1, 1, []],
  [251, "CFSupportTier", "Support Tier", 2, 2, ["Bronze", "Silver", "Gold"]],
  [252, "CFAccountCode", "Account Code", 0, 2, []],
];

/** Ticket summaries by ticket type id; {site} {first} {last} {host} {client} are filled in. */
export const SUMMARIES: Record<number, string[]> = {
  1: [
    "Printer offline at {site}",
    "Outlook keeps asking for password",
    "VPN connection dropping for {first}",
    "Laptop screen flickering",
    "Cannot access shared drive",
    "Slow Wi-Fi in meeting room",
    "Teams calls cutting out",
    "Blue screen on startup",
    "Email not syncing on mobile",
    "No dial tone on reception phone",
    "Scanner not sending to email at {site}",
    "{client} website showing certificate error",
  ],
  3: [
    "New starter: {first} {last}",
    "Leaver: disable account for {first} {last}",
    "Add {first} to shared mailbox",
    "Install Adobe Acrobat for {first}",
    "Request new laptop for {first}",
    "Set up MFA on new phone",
    "Password reset for {first}",
    "Add user to Finance distribution list",
    "Order two monitors for {site}",
  ],
  4: [
    "Recurring disk space alerts on file server",
    "Intermittent DNS failures at {client}",
    "Backups failing every weekend",
    "Users randomly logged out of line-of-business app",
  ],
  5: [
    "Firewall firmware update at {site}",
    "Migrate mailboxes to Microsoft 365",
    "Replace core switch at {site}",
    "Upgrade {host} to Windows Server 2022",
  ],
  28: [
    "Disk space low on {host}",
    "Backup job failed: {host}",
    "CPU usage high on {host}",
    "Firewall {host} offline",
    "Antivirus threat detected on {host}",
  ],
};

export const DETAIL_OPENERS = [
  "Reported by {first} {last} by phone.",
  "{first} emailed the service desk.",
  "Raised via the customer portal by {first}.",
  "Logged automatically by monitoring.",
];

export const DETAIL_BODIES = [
  "It started this morning and affects day-to-day work.",
  "This has happened a few times this week.",
  "They have already tried restarting the device.",
  "Needed before the end of the week if possible.",
  "No error message is shown, it just stops responding.",
  "Other staff in the same office are not affected.",
];

export const NOTES: Record<string, string[]> = {
  "Private Note": [
    "Checked event logs, nothing obvious. Will remote in later.",
    "Spoke to vendor support, case raised with them.",
    "Looks like a driver issue after the last update.",
    "Escalating to second line for a closer look.",
  ],
  "Public Note": [
    "We are looking into this and will update you shortly.",
    "A fix has been applied; please let us know if it happens again.",
  ],
  "Email User": [
    "Hi {first}, could you send a screenshot of the error please?",
    "Hi {first}, can you confirm a good time for us to connect remotely?",
    "Hi {first}, the replacement part has been ordered and should arrive in two days.",
  ],
  "Phone Call": [
    "Called {first}, talked through the steps, issue persists.",
    "Left a voicemail for {first}.",
  ],
  "Remote Session": [
    "Connected remotely, cleared the cache and rebooted.",
    "Remote session: reinstalled the client.",
  ],
  Resolution: [
    "Resolved: root cause fixed and confirmed with {first}.",
    "Closing as confirmed working by {first}.",
  ],
};

/** Top levels (GET /TopLevel): the groups clients sit in. Every seeded client is under "Customers". */
export const TOP_LEVELS: Array<{ id: number; name: string }> = [
  { id: 1, name: "Customers" },
  { id: 2, name: "Internal" },
];
