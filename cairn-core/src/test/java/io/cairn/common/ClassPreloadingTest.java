package io.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClassPreloadingTest {

    static final AtomicInteger INITIALIZED = new AtomicInteger();

    static final class Lazy {
        static {
            INITIALIZED.incrementAndGet();
        }
    }

    static final class Broken {
        static {
            if (INITIALIZED.get() >= 0) {
                throw new IllegalArgumentException("boom");
            }
        }
    }

    @Test
    void initializesEachClassOnce() {
        Class<?> lazy = Lazy.class;                      // a literal loads but does not initialize
        assertThat(INITIALIZED.get()).isZero();
        ClassPreloading.initialize(lazy, String.class);
        assertThat(INITIALIZED.get()).isEqualTo(1);
        ClassPreloading.initialize(lazy);
        assertThat(INITIALIZED.get()).isEqualTo(1);
    }

    @Test
    void aFailingStaticInitializerIsNamed() {
        assertThatThrownBy(() -> ClassPreloading.initialize(Broken.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Broken.class.getName());
    }
}
