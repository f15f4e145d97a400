package io.fenrir.manager.dispatch;

import io.fenrir.manager.pool.Worker;
import io.fenrir.manager.pool.WorkerPool;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's main loop: wait until a worker is idle, then pull one job for it, then hand both to a
 * {@link JobRunner} thread. Pulling only with a worker in hand means a message is never held here
 * while it waits for capacity; other manager instances can take it instead.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration PULL_WAIT = Duration.ofSeconds(1);

    private final WorkerPool pool;
    private final WorkQueue queue;
    private final JobRunner runner;
    private final ExecutorService running = Executors.newCachedThreadPool(runnable -> new Thread(runnable, "fenrir-job"));
    private final Thread loop = new Thread(this::loop, "fenrir-dispatcher");
    private volatile boolean stopped;

    public Dispatcher(WorkerPool pool, WorkQueue queue, JobRunner runner) {
        this.pool = pool;
        this.queue = queue;
        this.runner = runner;
    }

    public void start() {
        loop.start();
    }

    private void loop() {
        try {
            while (!stopped) {
                pool.awaitIdle();
                Delivery delivery = null;
                while (delivery == null && !stopped) {
                    delivery = queue.next(PULL_WAIT);
                }
                if (delivery == null) {
                    return;
                }
                // Only this thread takes workers, so the idle one seen above is still there.
                Worker worker = pool.take();
                Delivery job = delivery;
                running.execute(() -> runner.run(worker, job));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("dispatcher stopped unexpectedly", e);
        }
    }

    /** Stops pulling and waits for running jobs to finish (their messages are acked or redelivered). */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        loop.interrupt();
        loop.join(5_000);
        running.shutdown();
        running.awaitTermination(60, TimeUnit.SECONDS);
    }
}
