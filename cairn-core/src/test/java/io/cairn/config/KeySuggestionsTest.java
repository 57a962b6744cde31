package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {

    @Test
    void computesLevenshteinDistance() {
        assertThat(KeySuggestions.distance("kitten", "sitting", 10)).isEqualTo(3);
        assertThat(KeySuggestions.distance("", "abc", 10)).isEqualTo(3);
        assertThat(KeySuggestions.distance("same", "same", 10)).isZero();
        assertThat(KeySuggestions.distance("flaw", "lawn", 10)).isEqualTo(2);
        assertThat(KeySuggestions.distance("abcdefgh", "hgfedcba", 3)).isEqualTo(4);
        assertThat(KeySuggestions.distance("a", "abcdefgh", 3)).isEqualTo(4);
    }

    @Test
    void picksTheClosestCandidateWithinTheLimit() {
        List<String> keys = List.of("state.backend.type", "state.backend.incremental", "state.checkpoints.dir");
        assertThat(KeySuggestions.closest("state.backend.typ", keys, 3)).contains("state.backend.type");
        assertThat(KeySuggestions.closest("state.checkpoint.dir", keys, 3)).contains("state.checkpoints.dir");
        assertThat(KeySuggestions.closest("state.something.else", keys, 3)).isEmpty();
        assertThat(KeySuggestions.closest("ab", List.of("ac", "aa"), 3)).contains("aa");
    }
}
