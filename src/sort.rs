//! Stable sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` compiles a whole driftsort (~3.5 KB of wasm) for every distinct
//! element type and comparison closure: the page's wasm carried 29 of them. [`by`]
//! sorts a vector of indices instead — one driftsort, for `usize` with a `dyn`
//! comparison — and then moves the elements into that order, which costs each caller's
//! element type a few hundred bytes. The result is exactly `sort_by`'s (both are
//! stable). Comparisons are an indirect call more expensive, so the engine's hot loops
//! (`store`, `controller`, `cluster`, `sim`) keep the standard sorts.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// `v.sort_by(cmp)`: stable, same order.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    permute(v, order);
}

/// `v.sort_by_key(key)`: stable, same order (the key is computed per comparison, as
/// `sort_by_key` does).
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    by(v, |a, b| a.cmp(b));
}

/// `iter.collect::<BTreeMap<_, _>>()` without `from_iter`'s sort (a driftsort per
/// key/value type): inserts one by one, the last value of a repeated key winning as it
/// does in `collect`.
pub fn map_of<K: Ord, V>(iter: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    for (k, v) in iter {
        m.insert(k, v);
    }
    m
}

/// The stable order of `0..len` under `cmp`: the one instance of the standard sort.
#[inline(never)]
fn order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..len).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Rearranges `v` so that position `i` holds what was at `order[i]`, following each
/// cycle of the permutation with swaps (`order` is used up as the visited marks).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut cur = start;
        loop {
            let src = order[cur];
            if src == usize::MAX {
                break;
            }
            order[cur] = usize::MAX;
            if src == start {
                break;
            }
            v.swap(cur, src);
            cur = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        // Pairs sorted by their first half only: stability shows in the second half.
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 5, 8, 17, 64, 300] {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            by_key(&mut got, |p| p.0);
            assert_eq!(got, want, "len {len}");
            let mut want = v.clone();
            want.sort_by(|a, b| b.cmp(a));
            let mut got = v;
            by(&mut got, |a, b| b.cmp(a));
            assert_eq!(got, want, "len {len}");
        }
    }

    #[test]
    fn map_of_keeps_the_last_value_as_collect_does() {
        let pairs = [("b", 1), ("a", 2), ("b", 3)];
        let want: BTreeMap<&str, i32> = pairs.into_iter().collect();
        assert_eq!(map_of(pairs), want);
    }

    #[test]
    fn sorts_owned_values_in_place() {
        let mut v: Vec<String> = ["b", "c", "a", "b"].iter().map(|s| s.to_string()).collect();
        sort(&mut v);
        assert_eq!(v, ["a", "b", "b", "c"]);
    }
}
