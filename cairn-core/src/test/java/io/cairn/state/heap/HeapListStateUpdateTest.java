package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.serialization.LongSerializer;
import io.cairn.serialization.StringSerializer;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.VoidNamespace;
import io.cairn.state.VoidNamespaceSerializer;
import io.cairn.state.backend.KeyedStateBackendParameters;
import io.cairn.state.keygroup.KeyGroupRange;
import io.cairn.state.keyed.KeyedStateBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ListState.update} on the heap copies the given list, whatever its kind (random-access or
 * not, {@code Long} or other elements), and rejects null elements without changing the state. A
 * list of {@code Long}s is written into the stored list in place, even from that list itself.
 */
class HeapListStateUpdateTest {

    private KeyedStateBackend<Long> backend;

    @BeforeEach
    void open() throws Exception {
        backend = new HashMapStateBackend().createKeyedStateBackend(new KeyedStateBackendParameters<>(
                "update", LongSerializer.INSTANCE, 128, KeyGroupRange.of(0, 127), getClass().getClassLoader()));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private <T> ListState<T> list(ListStateDescriptor<T> descriptor) {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }

    @Test
    void updateCopiesRandomAccessAndSequentialLongLists() {
        ListState<Long> list = list(new ListStateDescriptor<>("longs", LongSerializer.INSTANCE));
        backend.setCurrentKey(1L);
        Long[] given = {1L, -300L, 70_000L, Long.MIN_VALUE};
        list.update(Arrays.asList(given));
        given[0] = 99L;
        assertThat(list.get()).containsExactly(1L, -300L, 70_000L, Long.MIN_VALUE);

        list.update(new LinkedList<>(List.of(5L, 6L)));
        assertThat(list.get()).containsExactly(5L, 6L);
        list.add(7L);
        assertThat(list.get()).containsExactly(5L, 6L, 7L);

        backend.setCurrentKey(2L);
        assertThat(list.get()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void updateWithTheStoredListItselfOrAViewOfIt() {
        ListState<Long> list = list(new ListStateDescriptor<>("longs", LongSerializer.INSTANCE));
        backend.setCurrentKey(1L);
        list.update(List.of(1L, 2L, 3L, 4L, 5L));
        List<Long> stored = (List<Long>) list.get();
        list.update(stored.subList(1, 5));
        assertThat(list.get()).containsExactly(2L, 3L, 4L, 5L);
        list.update((List<Long>) list.get());
        assertThat(list.get()).containsExactly(2L, 3L, 4L, 5L);
        List<Long> again = (List<Long>) list.get();
        list.update(again.subList(0, 1));
        assertThat(list.get()).containsExactly(2L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIterableFromGetIsTheStoredListAsListStateDocuments() {
        ListState<Long> list = list(new ListStateDescriptor<>("longs", LongSerializer.INSTANCE));
        backend.setCurrentKey(1L);
        list.update(List.of(1L, 2L));
        Iterable<Long> held = list.get();
        list.update(List.of(3L));
        assertThat(held).containsExactly(3L);
        list.update(List.of(1L, 2L));
        assertThatThrownBy(() -> {
            for (Long v : list.get()) {
                list.update(List.of(v + 1, v + 2));
            }
        }).isInstanceOf(java.util.ConcurrentModificationException.class);
        // a copy taken first is the documented way
        for (Long v : new ArrayList<>((List<Long>) list.get())) {
            list.add(v * 10);
        }
        // the first update inside the loop took effect: [2, 3]
        assertThat(list.get()).containsExactly(2L, 3L, 20L, 30L);
    }

    @Test
    void updateInPlaceGrowsWidensAndShrinks() {
        ListState<Long> list = list(new ListStateDescriptor<>("longs", LongSerializer.INSTANCE));
        backend.setCurrentKey(1L);
        list.update(List.of(1L, -2L));
        List<Long> many = new ArrayList<>();
        for (long i = 0; i < 25; i++) {
            many.add(i * 1_000_000_007L - 3);
        }
        many.add(Long.MIN_VALUE);
        list.update(many);
        assertThat(list.get()).containsExactlyElementsOf(many);
        list.update(List.of(300L, -70_000L));
        assertThat(list.get()).containsExactly(300L, -70_000L);
        list.add(5L);
        assertThat(list.get()).containsExactly(300L, -70_000L, 5L);
        // another key's list is its own
        backend.setCurrentKey(2L);
        list.update(List.of(9L));
        backend.setCurrentKey(1L);
        assertThat(list.get()).containsExactly(300L, -70_000L, 5L);
    }

    @Test
    void updateCopiesObjectLists() {
        ListState<String> list = list(new ListStateDescriptor<>("strings", StringSerializer.INSTANCE));
        backend.setCurrentKey(1L);
        List<String> given = new ArrayList<>(List.of("a", "b"));
        list.update(given);
        given.set(0, "z");
        assertThat(list.get()).containsExactly("a", "b");
        list.update(new LinkedList<>(List.of("c")));
        assertThat(list.get()).containsExactly("c");
    }

    @Test
    void nullElementsAreRejectedAndTheStateIsKept() {
        ListState<Long> longs = list(new ListStateDescriptor<>("longs", LongSerializer.INSTANCE));
        ListState<String> strings = list(new ListStateDescriptor<>("strings", StringSerializer.INSTANCE));
        backend.setCurrentKey(1L);
        longs.update(List.of(1L, 2L));
        strings.update(List.of("a"));
        assertThatThrownBy(() -> longs.update(Arrays.asList(3L, null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'longs'");
        assertThatThrownBy(() -> longs.update(new LinkedList<>(Arrays.asList(3L, null))))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'longs'");
        assertThatThrownBy(() -> strings.update(Arrays.asList("b", null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'strings'");
        assertThat(longs.get()).containsExactly(1L, 2L);
        assertThat(strings.get()).containsExactly("a");
    }
}
