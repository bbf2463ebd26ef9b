//! Snapshots for the page (being written).
