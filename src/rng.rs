//! The engine's only source of randomness: a small seeded generator (SplitMix64).
//!
//! Pod name suffixes and tie-breaks come from here, so a scenario with the same seed
//! gives the same names on every run, natively and in WebAssembly.

/// A seeded pseudo-random generator; never seeded from the OS.
#[derive(Clone, Debug)]
pub struct Rng(u64);

/// The alphabet the API server draws `generateName` suffixes from
/// (`k8s.io/apimachinery/pkg/util/rand`): no vowels, no confusable characters.
const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl Rng {
    /// A generator whose whole sequence is determined by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// `n` characters from the API server's name-suffix alphabet.
    pub fn name_suffix(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| NAME_ALPHABET[self.below(NAME_ALPHABET.len() as u64) as usize] as char)
            .collect()
    }
    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_names() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.name_suffix(5), b.name_suffix(5));
        assert_ne!(Rng::new(1).name_suffix(5), Rng::new(2).name_suffix(5));
    }
}
