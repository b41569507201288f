package dev.phisafe.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssociatedDataTest {

    private static AssociatedData.Builder base() {
        return AssociatedData.builder().tenant("t-001").store("notes").recordId("3f2a9c").field("text");
    }

    @Test
    void encoding_matchesTheDocumentedKnownAnswer() {
        // computed independently with python3 struct.pack('>I', len(x)) + x
        assertThat(HexFormat.of().formatHex(base().build().toBytes())).isEqualTo(
                "0000000b706869736166652e616164000000040000000100000005742d303031000000056e6f746573"
                        + "000000063366326139630000000474657874");
    }

    @Test
    void everyComponentChangesTheBytes_andShiftingASeparatorDoesNotCollide() {
        Set<String> seen = new HashSet<>();
        seen.add(hex(base().build()));
        seen.add(hex(base().formatVersion(2).build()));
        seen.add(hex(base().tenant("t-002").build()));
        seen.add(hex(base().store("notes2").build()));
        seen.add(hex(base().recordId("3f2a9d").build()));
        seen.add(hex(base().field("meta").build()));
        // "ab"+"c" versus "a"+"bc": a naive join would collide
        seen.add(hex(base().tenant("ab").store("c").build()));
        seen.add(hex(base().tenant("a").store("bc").build()));
        assertThat(seen).hasSize(8);
    }

    @Test
    void valueSemantics_andToBuilderKeepsComponents() {
        AssociatedData a = base().build();
        assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.toBuilder().field("vector").build().field()).isEqualTo("vector");
        assertThat(a.toString()).contains("tenant=t-001", "store=notes", "record=3f2a9c", "field=text");
        byte[] b = a.toBytes();
        b[0] = 9;
        assertThat(a.toBytes()[0]).isZero();   // defensive copy
    }

    @Test
    void badComponents_areRejectedWithTheirName() {
        assertThatThrownBy(() -> base().tenant("")).hasMessageContaining("tenant");
        assertThatThrownBy(() -> base().store(null)).isInstanceOf(NullPointerException.class).hasMessage("store");
        assertThatThrownBy(() -> base().recordId("x".repeat(1025))).hasMessageContaining("recordId");
        assertThatThrownBy(() -> base().field("a\uD800")).hasMessageContaining("field").hasMessageContaining("surrogate");
        assertThatThrownBy(() -> base().formatVersion(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AssociatedData.builder().tenant("t").store("s").field("f").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("recordId");
    }

    @Test
    void nonBmpComponents_areEncodedAsUtf8() {
        AssociatedData a = base().field("\uD83D\uDE00").build();  // U+1F600, 4 bytes in UTF-8
        byte[] b = a.toBytes();
        assertThat(HexFormat.of().formatHex(b)).endsWith("00000004f09f9880");
    }

    private static String hex(AssociatedData a) {
        return HexFormat.of().formatHex(a.toBytes());
    }
}
