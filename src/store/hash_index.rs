//! An open-addressing hash index from 64-bit hashes to entry numbers, for the
//! store's by-name lookups that run hundreds of thousands of times in a big
//! settle. It only answers "which entries have this hash"; callers confirm with
//! their own comparison. Nothing iterates it, so it cannot make output depend on
//! hash order.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// A hash of `parts`, each closed by a 0xff byte (which UTF-8 never contains, so
/// ("ab", "c") and ("a", "bc") differ). Only lookups use it, never output, so it
/// may differ between builds (it does between 32- and 64-bit targets).
pub fn hash_strs(parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    for part in parts {
        h.write(part.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}

/// A hash of a few numbers (interned string ids).
pub fn hash_ids(ids: &[u32]) -> u64 {
    let mut h = FxHasher::default();
    for &id in ids {
        h.write_u32(id);
    }
    h.finish()
}

/// The table (linear probing, at most half full). Entries with equal hashes all
/// stay in the table; `find` tells them apart with the caller's check.
#[derive(Clone, Debug, Default)]
pub struct HashIndex {
    slots: Vec<(u64, u32)>,
    len: usize,
}

const EMPTY: u32 = u32::MAX;

impl HashIndex {
    /// The first entry filed under `h` for which `is` holds.
    pub fn find(&self, h: u64, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (sh, v) = self.slots[i];
            if v == EMPTY {
                return None;
            }
            if sh == h && is(v) {
                return Some(v);
            }
            i = (i + 1) & mask;
        }
    }
    /// Files entry `v` under `h`.
    pub fn insert(&mut self, h: u64, v: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![(0, EMPTY); (old.len() * 2).max(64)];
            self.len = 0;
            for (sh, sv) in old {
                if sv != EMPTY {
                    self.insert(sh, sv);
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].1 != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = (h, v);
        self.len += 1;
    }

    /// Removes the entry `v` filed under `h` (backward-shift deletion, so probes
    /// for the entries after it still find them).
    pub fn remove(&mut self, h: u64, v: u32) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (sh, sv) = self.slots[i];
            if sv == EMPTY {
                return;
            }
            if sh == h && sv == v {
                break;
            }
            i = (i + 1) & mask;
        }
        let mut j = i;
        loop {
            j = (j + 1) & mask;
            let (sh, sv) = self.slots[j];
            if sv == EMPTY {
                break;
            }
            let home = sh as usize & mask;
            // The entry at j may move to the hole at i unless its home slot lies
            // cyclically in (i, j].
            let stays = if i <= j {
                i < home && home <= j
            } else {
                i < home || home <= j
            };
            if !stays {
                self.slots[i] = self.slots[j];
                i = j;
            }
        }
        self.slots[i] = (0, EMPTY);
        self.len -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_stay_findable_after_removals_among_collisions() {
        let mut ix = HashIndex::default();
        // Hashes chosen to collide on their home slot and wrap around the table end.
        let hash = |v: u32| -> u64 {
            // 150 entries live in 512 slots: homes 500..=511 and 0..=187.
            if v % 3 == 0 {
                511
            } else {
                ((v as u64 * 7) % 200 + 500) % 512
            }
        };
        let mut live: Vec<u32> = (0..150).collect();
        for &v in &live {
            ix.insert(hash(v), v);
        }
        for (round, v) in (0..150).step_by(4).enumerate() {
            ix.remove(hash(v), v);
            live.retain(|&x| x != v);
            if round % 5 == 0 {
                ix.insert(hash(1000 + v), 1000 + v);
                live.push(1000 + v);
            }
            for &w in &live {
                assert_eq!(
                    ix.find(hash(w), |x| x == w),
                    Some(w),
                    "lost {w} after removing {v}"
                );
            }
            assert_eq!(ix.find(hash(v), |x| x == v), None);
        }
    }
}
