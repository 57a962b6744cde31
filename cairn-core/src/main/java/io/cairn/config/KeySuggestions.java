package io.cairn.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the known key closest to a mistyped one, by Levenshtein distance. */
final class KeySuggestions {

    private KeySuggestions() {}

    /** Returns the candidate closest to {@code key} within {@code maxDistance} edits; ties go to the smallest. */
    static Optional<String> closest(String key, Collection<String> candidates, int maxDistance) {
        String best = null;
        int bestDistance = maxDistance + 1;
        for (String candidate : candidates) {
            int distance = distance(key, candidate, maxDistance);
            boolean tieWon = distance == bestDistance && best != null && candidate.compareTo(best) < 0;
            if (distance < bestDistance || tieWon) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Returns the Levenshtein distance of the two strings, or {@code limit + 1} if it exceeds {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit + 1);
    }
}
