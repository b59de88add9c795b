//! Independent pieces of the writer's work (each page's content stream, each font's subset,
//! and deflating them) spread over the machine's cores. Each result goes in its own place, so
//! the bytes do not depend on which thread did what or when.

use std::sync::atomic::{AtomicUsize, Ordering};

/// More threads than this gain nothing on a document of this size.
const MOST_THREADS: usize = 4;

/// `work(0)`, `work(1)`, ... `work(count - 1)`, in that order, computed on up to as many
/// threads as there are cores (this one included).
pub(crate) fn map<R: Send>(count: usize, work: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MOST_THREADS)
        .min(count);
    if threads <= 1 {
        return (0..count).map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let take = || -> Vec<(usize, R)> {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let mut slots: Vec<Option<R>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(take)).collect();
        let mut done = take();
        for helper in helpers {
            // A helper that panicked leaves its slots empty; they are done again below.
            done.extend(helper.join().unwrap_or_default());
        }
        for (i, result) in done {
            slots[i] = Some(result);
        }
    });
    slots
        .into_iter()
        .enumerate()
        .map(|(i, result)| result.unwrap_or_else(|| work(i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn results_come_in_order() {
        let squares = map(1000, |i| i * i);
        assert!(squares.iter().enumerate().all(|(i, s)| *s == i * i));
        assert!(map(0, |i| i).is_empty());
        assert_eq!(map(1, |i| i + 7), [7]);
    }
}
