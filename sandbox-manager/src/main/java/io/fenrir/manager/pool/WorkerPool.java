package io.fenrir.manager.pool;

import io.fenrir.manager.metrics.ManagerMetrics;
import java.time.Duration;
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
 * Keeps {@code size} workers warm. A job takes an idle worker; afterwards the worker is retired
 * (destroyed) and a replacement is warmed in the background. A worker taken but not used (its job
 * needed no run) goes back idle.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final long RETRY_DELAY_MS = 1_000;

    private final WorkerFactory factory;
    private final ManagerMetrics metrics;
    private final int size;
    private final BlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workerAdded = lock.newCondition();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger warming = new AtomicInteger();
    private final ExecutorService warmer;
    private volatile boolean closed;

    public WorkerPool(WorkerFactory factory, int size, ManagerMetrics metrics) {
        this.factory = factory;
        this.metrics = metrics;
        this.size = size;
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

    /** A busy worker that ran a job is destroyed and replaced. */
    public void retire(Worker worker) {
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
