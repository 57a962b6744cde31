package io.cairn.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link LongChangeSet} against {@link HashSet}: random additions from a key space that includes
 * the sentinel {@code Long.MIN_VALUE}, keys that collide in the hash's top bits and enough keys to
 * grow the table several times; unions of two sets as the delta writer forms them.
 */
class LongChangeSetProperties {

    @Property(tries = 300)
    void holdsTheSameKeysAsAHashSet(@ForAll("keys") List<Long> first, @ForAll("keys") List<Long> second) {
        LongChangeSet a = new LongChangeSet();
        Set<Long> modelA = new HashSet<>();
        for (long key : first) {
            assertThat(a.addLong(key)).isEqualTo(modelA.add(key));
        }
        assertThat(a.size()).isEqualTo(modelA.size());
        assertThat(a.isEmpty()).isEqualTo(modelA.isEmpty());
        for (long key : second) {
            assertThat(a.containsLong(key)).isEqualTo(modelA.contains(key));
            assertThat(a.contains(key)).isEqualTo(modelA.contains(key));
        }

        List<Long> visited = new ArrayList<>();
        a.forEachLong(visited::add);
        assertThat(visited).containsExactlyInAnyOrderElementsOf(modelA);
        assertThat(new ArrayList<>(a)).containsExactlyInAnyOrderElementsOf(modelA);

        LongChangeSet b = new LongChangeSet();
        second.forEach(b::add);
        Set<Long> union = new HashSet<>(modelA);
        union.addAll(second);
        LongChangeSet merged = new LongChangeSet();
        merged.addAll(a);
        assertThat(merged.addAll(b)).isEqualTo(!modelA.containsAll(second));
        List<Long> mergedKeys = new ArrayList<>();
        merged.forEachLong(mergedKeys::add);
        assertThat(mergedKeys).containsExactlyInAnyOrderElementsOf(union);

        Set<Object> boxed = new HashSet<>(a);
        assertThat(boxed).isEqualTo(new HashSet<Object>(modelA));
        a.clear();
        assertThat(a).isEmpty();
        assertThat(a.containsLong(Long.MIN_VALUE)).isFalse();
    }

    @Provide
    Arbitrary<List<Long>> keys() {
        Arbitrary<Long> small = Arbitraries.longs().between(-40, 40);
        Arbitrary<Long> special = Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0L);
        // multiples of a large power of two share the Fibonacci hash's low bits, not its top bits;
        // keys differing only in high bits exercise long probe runs after growth
        Arbitrary<Long> highBits = Arbitraries.integers().between(0, 200).map(i -> (long) i << 40);
        Arbitrary<Long> any = Arbitraries.longs();
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, small), net.jqwik.api.Tuple.of(1, special),
                        net.jqwik.api.Tuple.of(2, highBits), net.jqwik.api.Tuple.of(2, any))
                .list().ofMaxSize(600);
    }
}
