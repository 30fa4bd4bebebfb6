//! Timing, shaped like the JMH runs of the Java sides: warm-up iterations, then measured iterations
//! of fixed length; the score is the mean over measured iterations, the error the half-width of the
//! 99.9% confidence interval (as JMH reports it).

use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
pub struct Plan {
    pub warmup_iterations: usize,
    pub iterations: usize,
    pub iteration_time: Duration,
}

pub struct Score {
    pub mean: f64,
    pub error: f64,
    pub samples: Vec<f64>,
}

impl Score {
    pub fn of(samples: Vec<f64>) -> Score {
        let n = samples.len() as f64;
        let mean = samples.iter().sum::<f64>() / n;
        let error = if samples.len() > 1 {
            let var = samples.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
            student_t_999(samples.len() - 1) * (var / n).sqrt()
        } else {
            f64::NAN
        };
        Score { mean, error, samples }
    }
}

/// Two-sided 99.9% quantile of Student's t (what JMH uses for its error column).
fn student_t_999(df: usize) -> f64 {
    const T: [f64; 30] = [
        636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221,
        4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707,
        3.690, 3.674, 3.659, 3.646,
    ];
    if df == 0 {
        f64::NAN
    } else if df <= T.len() {
        T[df - 1]
    } else {
        3.291
    }
}

/// Runs `op` (which does some number of operations and returns how many) over timed iterations;
/// the score is operations per second.
pub fn throughput(plan: Plan, mut op: impl FnMut() -> u64) -> Score {
    for _ in 0..plan.warmup_iterations {
        iteration(plan.iteration_time, &mut op);
    }
    let samples = (0..plan.iterations).map(|_| iteration(plan.iteration_time, &mut op)).collect();
    Score::of(samples)
}

fn iteration(length: Duration, op: &mut impl FnMut() -> u64) -> f64 {
    let start = Instant::now();
    let mut ops = 0u64;
    loop {
        ops += op();
        let elapsed = start.elapsed();
        if elapsed >= length {
            return ops as f64 / elapsed.as_secs_f64();
        }
    }
}

/// Runs `setup` (untimed) then `op` (timed) once per iteration; the score is `units` per second.
pub fn single_shot(plan: Plan, units: f64, mut setup: impl FnMut(), mut op: impl FnMut()) -> Score {
    let mut run = || {
        setup();
        let start = Instant::now();
        op();
        units / start.elapsed().as_secs_f64()
    };
    for _ in 0..plan.warmup_iterations {
        run();
    }
    Score::of((0..plan.iterations).map(|_| run()).collect())
}

/// Runs one worker per thread (each made on its thread by its factory, so it needs not be `Send`),
/// calling it in a loop until told to stop; the calling thread times the iterations and reads a
/// shared operation counter at their boundaries, so a worker stuck waiting for a lock cannot
/// stretch an iteration. The score is total operations per second across workers.
pub fn concurrent_throughput<M, F>(plan: Plan, factories: Vec<M>) -> Score
where
    M: FnOnce() -> F + Send,
    F: FnMut(),
{
    concurrent_throughput_counted(plan, factories, &[]).0
}

/// What happened during the measured iterations of `concurrent_throughput_counted`.
pub struct Window {
    /// Operations done.
    pub ops: u64,
    /// How much each of the given counters grew.
    pub counters: Vec<u64>,
}

/// `concurrent_throughput`, also reporting the operations of the measured iterations and how much
/// each counter in `counters` (conflicts, lock waits: whatever the workers count) grew over them.
pub fn concurrent_throughput_counted<M, F>(
    plan: Plan,
    factories: Vec<M>,
    counters: &[&std::sync::atomic::AtomicU64],
) -> (Score, Window)
where
    M: FnOnce() -> F + Send,
    F: FnMut(),
{
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let read = || counters.iter().map(|c| c.load(Ordering::Relaxed)).collect::<Vec<u64>>();
    let ops = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        for factory in factories {
            let (ops, stop) = (&ops, &stop);
            s.spawn(move || {
                let mut work = factory();
                while !stop.load(Ordering::Relaxed) {
                    work();
                    ops.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        std::thread::sleep(plan.iteration_time * plan.warmup_iterations as u32);
        let (ops_first, counters_first) = (ops.load(Ordering::Relaxed), read());
        let mut samples = Vec::new();
        for _ in 0..plan.iterations {
            let (start, before) = (Instant::now(), ops.load(Ordering::Relaxed));
            std::thread::sleep(plan.iteration_time);
            let (elapsed, after) = (start.elapsed(), ops.load(Ordering::Relaxed));
            samples.push((after - before) as f64 / elapsed.as_secs_f64());
        }
        let window = Window {
            ops: ops.load(Ordering::Relaxed) - ops_first,
            counters: read().iter().zip(&counters_first).map(|(after, before)| after - before).collect(),
        };
        stop.store(true, Ordering::Relaxed);
        (Score::of(samples), window)
    })
}
