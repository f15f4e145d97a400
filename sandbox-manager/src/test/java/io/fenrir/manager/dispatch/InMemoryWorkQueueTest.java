package io.fenrir.manager.dispatch;

class InMemoryWorkQueueTest extends WorkQueueContract {
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(ACK_WAIT, MAX_DELIVER);

    @Override
    protected WorkQueue queue() {
        return queue;
    }

    @Override
    protected void publish(String messageId, byte[] body) {
        queue.publish(messageId, body);
    }
}
