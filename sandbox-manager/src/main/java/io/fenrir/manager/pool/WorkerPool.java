package io.fenrir.manager.pool;

import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.metrics.WorkerRetirement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code size} workers warm. A job takes an idle worker; afterwards the worker goes back idle
 * for the next job, unless it has served its {@link Reuse#maxJobs} jobs, is older than
 * {@link Reuse#maxAge}, or its agent said it cannot vouch for it (something of the job stayed, the
 * agent failed): then it is retired (destroyed) and a replacement is warmed in the background. A
 * worker taken but not used (its job needed no run) goes back idle.
 */
public final class WorkerPool implements Workers, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final long RETRY_DELAY_MS = 1_000;

    /**
     * How long a worker serves. Every job runs in fresh sandboxes, so what a worker carries from one
     * job to the next is only what no job can write (the read-only rootfs, the agent); the bounds
     * limit how long one agent process and container live all the same (docs/security.md).
     *
     * @param maxJobs jobs a worker runs before it is retired; 1: a fresh container for every job
     * @param maxAge  age (since it was ready) after which a worker is retired once its job ends
     */
    public record Reuse(int maxJobs, Duration maxAge) {
    }

    private final WorkerFactory factory;
    private final ManagerMetrics metrics;
    private final int size;
    private final Reuse reuse;
    private final BlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workerAdded = lock.newCondition();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger warming = new AtomicInteger();
    private final ExecutorService warmer;
    private volatile boolean closed;

    public WorkerPool(WorkerFactory factory, int size, Reuse reuse, ManagerMetrics metrics) {
        this.factory = factory;
        this.metrics = metrics;
        this.size = size;
        this.reuse = reuse;
        // Creation is CPU-bound (a JVM starts per worker): a thread per worker would only contend.
        this.warmer = Executors.newFixedThreadPool(Math.min(size, 2), runnable -> {
            Thread thread = new Thread(runnable, "fenrir-warmer");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        for (int i = 0; i < size; i++) {
            warmOne();
        }
    }

    /**
     * Blocks until a worker is idle, without taking it: the dispatcher pulls a job only then, and
     * the worker counts as idle until the job is in hand.
     */
    public void awaitIdle() throws InterruptedException {
        lock.lock();
        try {
            while (idle.isEmpty()) {
                workerAdded.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes an idle worker and marks it busy; blocks while there is none. */
    public Worker take() throws InterruptedException {
        Worker worker = idle.take();
        busy.incrementAndGet();
        return worker;
    }

    /** A busy worker that ran no job goes back idle. */
    @Override
    public void release(Worker worker) {
        busy.decrementAndGet();
        addIdle(worker);
    }

    private void addIdle(Worker worker) {
        lock.lock();
        try {
            idle.add(worker);
            workerAdded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A busy worker that ran a job: back idle while it may serve more, otherwise retired.
     *
     * @param notReusableBecause why its agent cannot vouch for it, if it cannot
     */
    @Override
    public void ranJob(Worker worker, Optional<String> notReusableBecause) {
        int jobs = worker.jobsRun().incrementAndGet();
        if (notReusableBecause.isPresent()) {
            retire(worker, WorkerRetirement.NOT_REUSABLE, notReusableBecause.get());
        } else if (jobs >= reuse.maxJobs()) {
            retire(worker, WorkerRetirement.MAX_JOBS, "it ran its " + jobs + " jobs");
        } else if (Duration.between(worker.creation().readyAt(), Instant.now()).compareTo(reuse.maxAge()) > 0) {
            retire(worker, WorkerRetirement.MAX_AGE, "it is older than " + reuse.maxAge());
        } else {
            release(worker);
        }
    }

    /** A busy worker whose job's end nobody saw (the Run broke): destroyed and replaced. */
    @Override
    public void retire(Worker worker) {
        retire(worker, WorkerRetirement.RUN_BROKEN, "its Run ended without the agent's word");
    }

    private void retire(Worker worker, WorkerRetirement reason, String why) {
        LOG.info("retiring worker {}: {}", worker.id(), why);
        metrics.workerRetired(reason);
        try {
            factory.destroy(worker);
        } finally {
            busy.decrementAndGet();
            warmOne();
        }
    }

    public int idleCount() {
        return idle.size();
    }

    public int busyCount() {
        return busy.get();
    }

    /** Workers being created right now. */
    public int warmingCount() {
        return warming.get();
    }

    public int size() {
        return size;
    }

    private void warmOne() {
        if (closed) {
            return;
        }
        warming.incrementAndGet();
        warmer.execute(() -> {
            try {
                while (!closed) {
                    long started = System.nanoTime();
                    try {
                        Worker worker = factory.create();
                        metrics.workerCreation(Duration.ofNanos(System.nanoTime() - started), true);
                        if (closed) {
                            factory.destroy(worker);
                        } else {
                            addIdle(worker);
                            // make bench reads this line (create → agent answering Health).
                            LOG.info("worker {} ready in {} ms", worker.id(), (System.nanoTime() - started) / 1_000_000);
                        }
                        return;
                    } catch (Exception e) {
                        metrics.workerCreation(Duration.ofNanos(System.nanoTime() - started), false);
                        LOG.warn("failed to warm a worker, retrying in {} ms: {}", RETRY_DELAY_MS, e.getMessage());
                        Thread.sleep(RETRY_DELAY_MS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                warming.decrementAndGet();
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        // Not shutdownNow: a creation interrupted half-way could not clean up after itself (its gRPC calls
        // to containerd fail on an interrupted thread), leaving a container or cgroups behind. A creation
        // takes seconds; the warmers finish it and destroy what they made, since the pool is closed.
        warmer.shutdown();
        warmer.awaitTermination(60, TimeUnit.SECONDS);
        List<Worker> left = new ArrayList<>();
        idle.drainTo(left);
        left.forEach(factory::destroy);
    }
}
