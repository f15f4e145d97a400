package io.fenrir.manager.containerd;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import containerd.services.containers.v1.ContainersGrpc;
import containerd.services.containers.v1.ContainersOuterClass.Container;
import containerd.services.containers.v1.ContainersOuterClass.CreateContainerRequest;
import containerd.services.containers.v1.ContainersOuterClass.DeleteContainerRequest;
import containerd.services.containers.v1.ContainersOuterClass.ListContainersRequest;
import containerd.services.tasks.v1.TasksGrpc;
import containerd.services.tasks.v1.TasksOuterClass.CreateTaskRequest;
import containerd.services.tasks.v1.TasksOuterClass.DeleteTaskRequest;
import containerd.services.tasks.v1.TasksOuterClass.KillRequest;
import containerd.services.tasks.v1.TasksOuterClass.StartRequest;
import containerd.services.tasks.v1.TasksOuterClass.WaitRequest;
import containerd.services.version.v1.VersionGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The few containerd calls Fenrir needs (create → start → kill → wait → delete), over containerd's
 * own gRPC API with stubs generated from its .proto files. Every call carries the namespace header
 * and a deadline.
 */
public final class ContainerdClient implements AutoCloseable {
    private static final String SPEC_TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    private static final String RUNTIME = "io.containerd.runc.v2";
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    private static final int SIGKILL = 9;

    private final ManagedChannel channel;
    private final ContainersGrpc.ContainersBlockingStub containers;
    private final TasksGrpc.TasksBlockingStub tasks;
    private final VersionGrpc.VersionBlockingStub version;

    public ContainerdClient(Path socket, String namespace) {
        this.channel = Grpc.newChannelBuilder("unix://" + socket.toAbsolutePath(), InsecureChannelCredentials.create())
                .build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER), namespace);
        ClientInterceptor inNamespace = MetadataUtils.newAttachHeadersInterceptor(headers);
        this.containers = ContainersGrpc.newBlockingStub(channel).withInterceptors(inNamespace);
        this.tasks = TasksGrpc.newBlockingStub(channel).withInterceptors(inNamespace);
        this.version = VersionGrpc.newBlockingStub(channel).withInterceptors(inNamespace);
    }

    /** containerd's version; also a liveness probe of the daemon. */
    public String version() {
        return version.withDeadlineAfter(5, TimeUnit.SECONDS).version(com.google.protobuf.Empty.getDefaultInstance())
                .getVersion();
    }

    /** Creates a container whose OCI runtime spec is {@code specJson}; its rootfs is spec.root.path. */
    public void createContainer(String id, String specJson, Map<String, String> labels) {
        Container container = Container.newBuilder()
                .setId(id)
                .putAllLabels(labels)
                .setRuntime(Container.Runtime.newBuilder().setName(RUNTIME))
                .setSpec(Any.newBuilder().setTypeUrl(SPEC_TYPE_URL).setValue(ByteString.copyFromUtf8(specJson)))
                .build();
        deadline(containers).create(CreateContainerRequest.newBuilder().setContainer(container).build());
    }

    /** Creates and starts the container's task; its stdio is discarded. Returns the task's host pid. */
    public int startTask(String id) {
        deadline(tasks).create(CreateTaskRequest.newBuilder().setContainerId(id).build());
        return deadline(tasks).start(StartRequest.newBuilder().setContainerId(id).build()).getPid();
    }

    /** Ids of the containers in this namespace carrying {@code label=value}. */
    /** The containers carrying every one of {@code labels}. */
    public List<String> containerIds(Map<String, String> labels) {
        String filter = labels.entrySet().stream().map(l -> "labels.\"" + l.getKey() + "\"==" + l.getValue())
                .collect(Collectors.joining(","));
        return deadline(containers).list(ListContainersRequest.newBuilder().addFilters(filter).build())
                .getContainersList().stream().map(Container::getId).toList();
    }

    /**
     * Removes a container whatever state it is in: SIGKILL to every process of its task, wait for
     * the exit, delete the task, delete the container. Parts that are already gone are skipped, so
     * this is safe to repeat and to call on a half-created container.
     */
    public void destroy(String id) {
        ignoringNotFound(() -> deadline(tasks).kill(KillRequest.newBuilder().setContainerId(id).setSignal(SIGKILL)
                .setAll(true).build()));
        ignoringNotFound(() -> deadline(tasks).wait(WaitRequest.newBuilder().setContainerId(id).build()));
        ignoringNotFound(() -> deadline(tasks).delete(DeleteTaskRequest.newBuilder().setContainerId(id).build()));
        ignoringNotFound(() -> deadline(containers).delete(DeleteContainerRequest.newBuilder().setId(id).build()));
    }

    private static <S extends io.grpc.stub.AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void ignoringNotFound(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            // NOT_FOUND: already gone. FAILED_PRECONDITION: the task is not running (nothing to kill).
            if (code != Status.Code.NOT_FOUND && code != Status.Code.FAILED_PRECONDITION) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
