package io.fenrir.it.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Hands a {@link SharedStack} class the stack of its pool size. The stack lives in the root context's
 * store, which JUnit closes at the end of the run; a class of another pool size closes it first, so that
 * no two shared stacks run at once.
 */
final class SharedStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    /** The shared stack and the pool size it was started with. */
    private record Shared(int poolSize, FenrirStack stack) implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FenrirStack.class;
    }

    @Override
    public FenrirStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
        int poolSize = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SharedStack.class)
                .orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass() + " is not @SharedStack"))
                .poolSize();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Shared running = store.get(Shared.class, Shared.class);
        if (running != null && running.poolSize() != poolSize) {
            store.remove(Shared.class);
            running.close();
        }
        return store.getOrComputeIfAbsent(Shared.class, key -> new Shared(poolSize, FenrirStack.start(poolSize)),
                Shared.class).stack();
    }
}
