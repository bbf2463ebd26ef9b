//! The native front end (being written).
fn main() {}
