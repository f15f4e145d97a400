package io.fenrir.it.stack;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order of test classes (junit-platform.properties): as given, except that the {@link SharedStack}
 * classes come last, grouped by pool size, so that each shared stack boots once and runs alone.
 */
public final class SharedStackClassOrder implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        // A stable sort: the other classes keep their order.
        context.getClassDescriptors().sort(Comparator.comparingInt(SharedStackClassOrder::sharedPoolSize));
    }

    /** 0 for a class with a stack of its own (or none). */
    private static int sharedPoolSize(ClassDescriptor descriptor) {
        return descriptor.findAnnotation(SharedStack.class).map(SharedStack::poolSize).orElse(0);
    }
}
