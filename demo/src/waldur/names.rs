//! The world the demo data lives in: research organisations, their projects, the marketplace
//! offerings they consume and the people who place orders. Some names carry non-ASCII
//! characters on purpose, so that wide and accented text reaches the terminal.

pub struct Organisation {
    pub name: &'static str,
    pub domain: &'static str,
}

pub const ORGANISATIONS: [Organisation; 8] = [
    Organisation { name: "University of Tartu", domain: "ut.ee" },
    Organisation { name: "KTH Royal Institute of Technology", domain: "kth.se" },
    Organisation { name: "Helmholtz-Zentrum Berlin", domain: "helmholtz-berlin.de" },
    Organisation { name: "CSC – IT Center for Science", domain: "csc.fi" },
    Organisation { name: "Ghent University", domain: "ugent.be" },
    Organisation { name: "Barcelona Supercomputing Center", domain: "bsc.es" },
    Organisation { name: "Université de Lorraine", domain: "univ-lorraine.fr" },
    Organisation { name: "Nordic e-Infrastructure Collaboration", domain: "neic.no" },
];

pub struct Project {
    pub name: &'static str,
    /// Short prefix for resource names.
    pub slug: &'static str,
    /// Index into [`ORGANISATIONS`].
    pub organisation: usize,
}

pub const PROJECTS: [Project; 25] = [
    Project { name: "Genomics pipeline", slug: "genomics", organisation: 0 },
    Project { name: "Estonian language models", slug: "est-llm", organisation: 0 },
    Project { name: "Biobank imputation", slug: "biobank", organisation: 0 },
    Project { name: "Climate downscaling", slug: "climate", organisation: 1 },
    Project { name: "Wind farm CFD", slug: "windcfd", organisation: 1 },
    Project { name: "Synchrotron tomography", slug: "tomo", organisation: 2 },
    Project { name: "Materials DFT screening", slug: "dft", organisation: 2 },
    Project { name: "Photon science archive", slug: "photon", organisation: 2 },
    Project { name: "Ocean reanalysis", slug: "ocean", organisation: 3 },
    Project { name: "Finnish speech corpus", slug: "speech", organisation: 3 },
    Project { name: "Cryo-EM processing", slug: "cryoem", organisation: 3 },
    Project { name: "Protein folding", slug: "fold", organisation: 4 },
    Project { name: "Digital humanities corpus", slug: "dighum", organisation: 4 },
    Project { name: "Hydrology forecasting", slug: "hydro", organisation: 4 },
    Project { name: "Earth system model", slug: "esm", organisation: 5 },
    Project { name: "Fusion plasma turbulence", slug: "plasma", organisation: 5 },
    Project { name: "Precision medicine", slug: "precmed", organisation: 5 },
    Project { name: "Seismic imaging", slug: "seismic", organisation: 6 },
    Project { name: "Matériaux poreux", slug: "poreux", organisation: 6 },
    Project { name: "Teaching – HPC course 2025", slug: "hpc101", organisation: 6 },
    Project { name: "Particle physics analysis", slug: "hep", organisation: 7 },
    Project { name: "Radio astronomy imaging", slug: "radio", organisation: 7 },
    Project { name: "Neuro MRI cohort", slug: "mri", organisation: 7 },
    Project { name: "Sea ice forecasting", slug: "seaice", organisation: 1 },
    Project { name: "Urban mobility simulation", slug: "mobility", organisation: 0 },
];

pub struct Offering {
    pub name: &'static str,
    pub kind: &'static str,
    /// Resource name suffix: `<project slug>-<suffix>-<n>`.
    pub suffix: &'static str,
    /// `plugin_options.resource_expiration_reminders`; empty means the default `[30,14,7,1]`.
    pub reminders: &'static [i64],
    /// Typical monthly cost in cents, for order estimates.
    pub cost_cents: (u32, u32),
}

pub const DEFAULT_REMINDERS: [i64; 4] = [30, 14, 7, 1];

pub const OFFERINGS: [Offering; 12] = [
    Offering {
        name: "HPC CPU allocation",
        kind: "Marketplace.Slurm",
        suffix: "cpu",
        reminders: &[],
        cost_cents: (20_000, 900_000),
    },
    Offering {
        name: "GPU partition (A100)",
        kind: "Marketplace.Slurm",
        suffix: "gpu",
        reminders: &[],
        cost_cents: (80_000, 2_500_000),
    },
    Offering {
        name: "OpenStack tenant",
        kind: "OpenStack.Tenant",
        suffix: "tenant",
        reminders: &[],
        cost_cents: (5_000, 150_000),
    },
    Offering {
        name: "Virtual machine",
        kind: "OpenStack.Instance",
        suffix: "vm",
        reminders: &[],
        cost_cents: (1_500, 40_000),
    },
    Offering {
        name: "Block storage volume",
        kind: "OpenStack.Volume",
        suffix: "vol",
        reminders: &[],
        cost_cents: (500, 20_000),
    },
    Offering {
        name: "Object storage (S3)",
        kind: "Marketplace.Basic",
        suffix: "bucket",
        reminders: &[],
        cost_cents: (1_000, 60_000),
    },
    Offering {
        name: "Managed Kubernetes",
        kind: "Marketplace.Rancher",
        suffix: "k8s",
        reminders: &[30, 7, 1],
        cost_cents: (30_000, 400_000),
    },
    Offering {
        name: "Research data archive",
        kind: "Marketplace.Basic",
        suffix: "archive",
        reminders: &[60, 30, 14, 7, 3, 1],
        cost_cents: (2_000, 90_000),
    },
    Offering {
        name: "JupyterHub workspace",
        kind: "Marketplace.Script",
        suffix: "jhub",
        reminders: &[],
        cost_cents: (0, 5_000),
    },
    Offering {
        name: "Partner site allocation",
        kind: "Marketplace.Remote",
        suffix: "remote",
        reminders: &[],
        cost_cents: (10_000, 300_000),
    },
    Offering {
        name: "PostgreSQL database",
        kind: "Marketplace.Basic",
        suffix: "pg",
        reminders: &[],
        cost_cents: (2_500, 50_000),
    },
    Offering {
        name: "Software licences",
        kind: "Marketplace.Basic",
        suffix: "lic",
        reminders: &[14, 3],
        cost_cents: (0, 120_000),
    },
];

pub struct Person {
    pub name: &'static str,
    /// Local part of the e-mail address; the domain is the organisation's.
    pub login: &'static str,
}

pub const PEOPLE: [Person; 12] = [
    Person { name: "Alice Tamm", login: "alice.tamm" },
    Person { name: "Björn Lindqvist", login: "bjorn.lindqvist" },
    Person { name: "Chloé Martin", login: "chloe.martin" },
    Person { name: "Dmitri Volkov", login: "dmitri.volkov" },
    Person { name: "Eva Nováková", login: "eva.novakova" },
    Person { name: "Femke de Vries", login: "femke.devries" },
    Person { name: "Giulia Romano", login: "giulia.romano" },
    Person { name: "Hannes Kivi", login: "hannes.kivi" },
    Person { name: "Ines García", login: "ines.garcia" },
    Person { name: "Jonas Schmidt", login: "jonas.schmidt" },
    Person { name: "Kaisa Virtanen", login: "kaisa.virtanen" },
    Person { name: "Lars Øverland", login: "lars.overland" },
];

/// Project quotas the third provider watches: (name, unit, typical limit).
pub const PROJECT_QUOTAS: [(&str, &str, u64); 4] = [
    ("CPU core-hours", "core-hours", 500_000),
    ("GPU hours", "GPU hours", 20_000),
    ("Storage", "TB", 200),
    ("Floating IPs", "IPs", 16),
];

/// The organisation-level quota.
pub const ORGANISATION_QUOTA: (&str, &str, u64) = ("Credit", "EUR", 250_000);
