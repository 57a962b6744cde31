package io.cairn.state.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateHandlesTest {

    private static final ByteStreamStateHandle A = new ByteStreamStateHandle("a", new byte[] {1});
    private static final ByteStreamStateHandle B = new ByteStreamStateHandle("b", new byte[] {2});

    @Test
    void emptyCollection() {
        StateHandles<ByteStreamStateHandle> empty = StateHandles.empty();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.asList()).isEmpty();
        assertThat(empty.iterator().hasNext()).isFalse();
        assertThat(StateHandles.of(new ArrayList<ByteStreamStateHandle>())).isEqualTo(empty);
    }

    @Test
    void nullEntriesAreSkippedInOrder() {
        StateHandles<ByteStreamStateHandle> fromList = StateHandles.of(Arrays.asList(null, A, null, B, null));
        assertThat(fromList.asList()).containsExactly(A, B);
        assertThat(fromList.isEmpty()).isFalse();
        assertThat(fromList).containsExactly(A, B);

        StateHandles<ByteStreamStateHandle> fromArray = StateHandles.of(A, null, B);
        assertThat(fromArray.asList()).containsExactly(A, B);
        assertThat(fromArray).isEqualTo(fromList).hasSameHashCodeAs(fromList);

        StateHandles<ByteStreamStateHandle> onlyNulls = StateHandles.of(Arrays.asList(null, null));
        assertThat(onlyNulls.isEmpty()).isTrue();
        assertThat(onlyNulls).isEqualTo(StateHandles.empty());
    }

    @Test
    void isImmutableAndCopiesItsInput() {
        List<ByteStreamStateHandle> source = new ArrayList<>(List.of(A));
        StateHandles<ByteStreamStateHandle> handles = StateHandles.of(source);
        source.add(B);
        assertThat(handles.asList()).containsExactly(A);
        assertThatThrownBy(() -> handles.asList().add(B)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
            var it = handles.iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);

        ByteStreamStateHandle[] array = {A, B};
        StateHandles<ByteStreamStateHandle> fromArray = StateHandles.of(array);
        array[0] = null;
        assertThat(fromArray.asList()).containsExactly(A, B);
    }

    @Test
    void equalityDependsOnOrderAndContent() {
        assertThat(StateHandles.of(A, B)).isNotEqualTo(StateHandles.of(B, A));
        assertThat(StateHandles.of(A)).isNotEqualTo(StateHandles.of(A, B));
        assertThat(StateHandles.of(A)).isNotEqualTo(List.of(A));
        assertThat(StateHandles.of(A, B).toString()).contains("a").contains("b");
    }
}
