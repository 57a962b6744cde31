package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500, PT0.5S",
        "500 ms, PT0.5S",
        "500ms, PT0.5S",
        "10 s, PT10S",
        "10 seconds, PT10S",
        "2 min, PT2M",
        "2m, PT2M",
        "1 h, PT1H",
        "1 d, PT24H",
        "3 days, PT72H",
        "250 us, PT0.00025S",
        "7 ns, PT0.000000007S",
        "'  5 MIN ', PT5M",
        "-3 s, PT-3S",
        "0, PT0S",
    })
    void parsesDurationsWithUnits(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "1.5 s", "10 fortnights", "PT10S", "1 0 s", "99999999999999999999 s"})
    void rejectsNonDurationsNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void rejectsOverflow() {
        assertThatThrownBy(() -> Durations.parse("9223372036854775807 d"))
                .hasMessage("duration out of range: '9223372036854775807 d'");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("2 d");
        assertThat(Durations.format(Duration.ofHours(25))).isEqualTo("25 h");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500 ms");
        assertThat(Durations.format(Duration.ofNanos(1_000_001))).isEqualTo("1000001 ns");
        assertThat(Durations.format(Duration.ofSeconds(-60))).isEqualTo("-1 min");
    }

    @Property
    void formatParsesBack(@ForAll @LongRange(min = -1L << 50, max = 1L << 50) long nanos) {
        Duration duration = Duration.ofNanos(nanos);
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Property
    void millisecondsFormatParsesBack(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long millis) {
        Duration duration = Duration.ofMillis(millis);
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
}
