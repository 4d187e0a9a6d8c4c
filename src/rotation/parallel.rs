//! Runs a task per item on a bounded pool of threads, for rotating many secrets at once:
//! items with the same key (the same secret named twice) run one after the other, in the
//! order given, on one thread; results come back in the order of the items.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `task` over `items` with at most `jobs` threads (at least one). Items whose `key`
/// is equal form a group that one thread runs in input order, so they never race with each
/// other. The result of item `i` is at index `i`.
pub fn run<I, K, R>(
    items: &[I],
    jobs: usize,
    key: impl Fn(&I) -> K,
    task: impl Fn(&I) -> R + Sync,
) -> Vec<R>
where
    I: Sync,
    K: Eq + std::hash::Hash,
    R: Send,
{
    let groups = group(items, key);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let worker = || {
        while let Some(group) = groups.get(next.fetch_add(1, Ordering::Relaxed)) {
            for &i in group {
                let result = task(&items[i]);
                *slots[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
            }
        }
    };
    let threads = jobs.clamp(1, groups.len().max(1));
    if threads == 1 {
        worker();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(worker);
            }
        });
    }
    slots
        .into_iter()
        .filter_map(|slot| slot.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect()
}

/// The indices of `items` grouped by key, groups in the order of their first item.
fn group<I, K: Eq + std::hash::Hash>(items: &[I], key: impl Fn(&I) -> K) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<K, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let g = *index.entry(key(item)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    #[test]
    fn results_keep_the_input_order_and_equal_keys_never_overlap() {
        let items: Vec<u32> = (0..40).map(|i| i % 10).collect();
        let busy: Vec<AtomicBool> = (0..10).map(|_| AtomicBool::new(false)).collect();
        let seen = Mutex::new(Vec::new());
        let results = run(
            &items,
            8,
            |&i| i,
            |&i| {
                let was_busy = busy[i as usize].swap(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(2));
                busy[i as usize].store(false, Ordering::SeqCst);
                seen.lock().unwrap().push(std::thread::current().id());
                (i * 2, was_busy)
            },
        );
        let doubled: Vec<u32> = items.iter().map(|i| i * 2).collect();
        assert_eq!(results.iter().map(|r| r.0).collect::<Vec<_>>(), doubled);
        assert!(
            results.iter().all(|r| !r.1),
            "two items of one key overlapped"
        );
        let mut threads = seen.into_inner().unwrap();
        threads.sort_by_key(|t| format!("{t:?}"));
        threads.dedup();
        assert!(threads.len() > 1, "ran on a single thread");
    }

    #[test]
    fn one_job_runs_in_order_on_the_calling_thread() {
        let order = Mutex::new(Vec::new());
        let me = std::thread::current().id();
        let out = run(
            &[3, 1, 2],
            1,
            |&i| i,
            |&i| {
                assert_eq!(std::thread::current().id(), me);
                order.lock().unwrap().push(i);
                i
            },
        );
        assert_eq!(out, vec![3, 1, 2]);
        assert_eq!(order.into_inner().unwrap(), vec![3, 1, 2]);
        assert!(run(&[] as &[u8], 4, |&i| i, |&i| i).is_empty());
    }
}
