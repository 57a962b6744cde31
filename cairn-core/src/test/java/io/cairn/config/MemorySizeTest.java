package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

    @ParameterizedTest
    @CsvSource({
        "1024, 1024",
        "0, 0",
        "20kb, 20480",
        "20 KiB, 20480",
        "20 k, 20480",
        "5 mb, 5242880",
        "256m, 268435456",
        "1g, 1073741824",
        "2 GB, 2147483648",
        "1 tb, 1099511627776",
        "7 bytes, 7",
        "1 byte, 1",
        "'  3 MiB  ', 3145728",
    })
    void parsesSizesWithUnits(String text, long bytes) {
        assertThat(MemorySize.parse(text).getBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "kb", "-1", "1.5 mb", "12 parsecs", "5 m b", "99999999999999999999"})
    void rejectsNonSizesNamingTheText(String text) {
        assertThatThrownBy(() -> MemorySize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void rejectsOverflowingSizes() {
        assertThatThrownBy(() -> MemorySize.parse("9000000 tb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memory size out of range: '9000000 tb'");
        assertThatThrownBy(() -> MemorySize.ofBytes(-1)).hasMessageContaining("-1");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(MemorySize.ofKibiBytes(20)).hasToString("20 KiB");
        assertThat(MemorySize.ofMebiBytes(5)).hasToString("5 MiB");
        assertThat(MemorySize.ofMebiBytes(2048)).hasToString("2 GiB");
        assertThat(MemorySize.ofBytes(1536)).hasToString("1536 bytes");
        assertThat(MemorySize.ofBytes(1)).hasToString("1 byte");
        assertThat(MemorySize.ZERO).hasToString("0 bytes");
        assertThat(MemorySize.ofBytes(1_234_567).toHumanReadableString()).isEqualTo("1.18 MiB (1234567 bytes)");
        assertThat(MemorySize.ofMebiBytes(5).toHumanReadableString()).isEqualTo("5 MiB");
        assertThat(MemorySize.ofBytes(100).toHumanReadableString()).isEqualTo("100 bytes");
    }

    @Test
    void comparesAndConvertsUnits() {
        assertThat(MemorySize.parse("1 mb")).isEqualTo(MemorySize.ofKibiBytes(1024)).isGreaterThan(MemorySize.ZERO);
        assertThat(MemorySize.parse("1 mb").getKibiBytes()).isEqualTo(1024);
        assertThat(MemorySize.parse("3 gb").getMebiBytes()).isEqualTo(3072);
        assertThat(MemorySize.parse("4 kb").getBytesAsInt()).isEqualTo(4096);
        assertThatThrownBy(() -> MemorySize.parse("4 gb").getBytesAsInt()).isInstanceOf(ArithmeticException.class);
    }

    @Property
    void toStringParsesBack(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        MemorySize size = MemorySize.ofBytes(bytes);
        assertThat(MemorySize.parse(size.toString())).isEqualTo(size);
    }

    @Property
    void unitMultiplesFormatExactly(@ForAll @LongRange(min = 1, max = 1L << 20) long mebiBytes) {
        MemorySize size = MemorySize.ofMebiBytes(mebiBytes);
        assertThat(MemorySize.parse(size.toString())).isEqualTo(size);
        assertThat(size.toString()).doesNotContain("bytes");
    }
}
