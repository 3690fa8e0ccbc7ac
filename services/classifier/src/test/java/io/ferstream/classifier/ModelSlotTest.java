package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ModelSlotTest {

    /** Stands for a model: knows whether it was closed, and how often. */
    static final class Model implements AutoCloseable {
        final String version;
        final AtomicInteger closes = new AtomicInteger();

        Model(String version) {
            this.version = version;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void aPollInProgressKeepsItsModelAndTheOldModelIsClosedWhenItLetsGo() {
        Model v1 = new Model("1");
        Model v2 = new Model("2");
        ModelSlot<Model> slot = new ModelSlot<>(v1);
        ModelSlot.Lease<Model> poll = slot.acquire();

        slot.swap(v2);

        assertThat(poll.model()).isSameAs(v1);
        assertThat(v1.closes).hasValue(0);
        assertThat(slot.current()).isSameAs(v2);
        try (ModelSlot.Lease<Model> next = slot.acquire()) {
            assertThat(next.model()).isSameAs(v2);
        }
        poll.close();
        poll.close();
        assertThat(v1.closes).hasValue(1);
        assertThat(v2.closes).hasValue(0);
        slot.close();
        assertThat(v2.closes).hasValue(1);
    }

    @Test
    void aModelSwappedOutWithNoPollHoldingItIsClosedAtOnce() {
        Model v1 = new Model("1");
        ModelSlot<Model> slot = new ModelSlot<>(v1);
        slot.swap(new Model("2"));
        assertThat(v1.closes).hasValue(1);
    }

    @Test
    void underConcurrentPollsAndSwapsNoPollSeesAClosedModelAndEveryModelIsClosedOnce() throws Exception {
        List<Model> models = new ArrayList<>();
        models.add(new Model("0"));
        ModelSlot<Model> slot = new ModelSlot<>(models.get(0));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger closedWhileHeld = new AtomicInteger();
        Thread poller = new Thread(() -> {
            while (running.get()) {
                try (ModelSlot.Lease<Model> lease = slot.acquire()) {
                    if (lease.model().closes.get() > 0) {
                        closedWhileHeld.incrementAndGet();
                    }
                }
            }
        });
        poller.start();
        for (int v = 1; v <= 2_000; v++) {
            Model next = new Model(Integer.toString(v));
            models.add(next);
            slot.swap(next);
        }
        running.set(false);
        poller.join();
        slot.close();
        assertThat(closedWhileHeld).hasValue(0);
        assertThat(models).allSatisfy(m -> assertThat(m.closes).as("closes of %s", m.version).hasValue(1));
    }
}
