package io.cairn.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessedEventsTest {

    @Test
    void sumsEveryCounterRegisteredSinceTheLastReset() throws Exception {
        ProcessedEvents.reset();
        ProcessedEvents.Counter early = ProcessedEvents.register();
        early.increment();
        ProcessedEvents.reset();
        assertThat(ProcessedEvents.sum()).isZero();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = 10_000 * (t + 1);
            ProcessedEvents.Counter c = ProcessedEvents.register();   // as open() does, one per instance
            threads.add(new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    c.increment();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ProcessedEvents.sum()).isEqualTo(100_000);
        early.increment();                                   // forgotten by the reset
        assertThat(ProcessedEvents.sum()).isEqualTo(100_000);
        ProcessedEvents.reset();
    }
}
