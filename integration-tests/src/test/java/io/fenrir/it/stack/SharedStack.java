package io.fenrir.it.stack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that shares one stack with the other classes so annotated with the same pool size, instead
 * of booting its own: it receives the stack as the {@link FenrirStack} parameter of a {@code @BeforeAll}
 * method and does not close it. Only for classes that leave the stack as they found it: they stop, kill
 * or reconfigure nothing, wait for every job they submit, and assert nothing a stack's history changes
 * (metric counts, worker retirements, the first jobs it ran).
 *
 * <p>Such classes run after all the others, grouped by pool size ({@link SharedStackClassOrder}); one
 * shared stack runs at a time, closed when the next group starts or at the end of the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SharedStackExtension.class)
public @interface SharedStack {
    /** The stack's warm workers ({@link FenrirStack#start(int)}). */
    int poolSize();
}
