package dev.phisafe.core.vault;

import dev.phisafe.core.spi.TestAesGcm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.KeyedHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PseudonymVaultTest {
    static final PhiAccess ACCESS = PhiAccess.grantedTo("test:vault", "unit test");
    static final Duration TTL = Duration.ofMinutes(30);

    final FakeClock clock = new FakeClock();
    final List<VaultEviction> evictions = new CopyOnWriteArrayList<>();

    static PhiContext ctx(String tenant, String conversation) {
        return PhiContext.builder().tenant(tenant).conversation(conversation).build();
    }

    static PhiContext ctx(String tenant, String conversation, String patient) {
        return PhiContext.builder().tenant(tenant).conversation(conversation).patient(patient).build();
    }

    PseudonymVault vault(int max) {
        return PseudonymVault.builder().maxEntriesPerTenant(max).ttl(TTL).clock(clock).originalsInPlaintext()
                .evictionListener(evictions::add).build();
    }

    // --- allocation and lookup ------------------------------------------------------------------------------------

    @Test
    void tryAlias_bindsOnlyAFreeAlias_andNeverMakesOneAmbiguous() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1", "p1");

        assertThat(v.tryAlias(c, PhiType.DATE, "27 Sept", "12 Apr")).isTrue();
        assertThat(v.tryAlias(c, PhiType.DATE, "27 Sept", "12 Apr")).isTrue();   // the same pair again
        assertThat(v.tryAlias(c, PhiType.DATE, "27 Sep", "12 Apr")).isFalse();   // taken by another original
        v.passedThrough(c, "May 5");
        assertThat(v.tryAlias(c, PhiType.DATE, "3/14", "May 5")).isFalse();     // sent unchanged before

        assertThat(v.aliases(c, List.of("12 Apr", "May 5"))).containsOnly(Map.entry("12 Apr", false),
                Map.entry("May 5", true));
        assertThat(v.surrogates(c, ACCESS)).containsEntry("12 Apr", "27 Sept");
    }

    @Test
    void tryPassedThrough_recordsOnlyAFreeText_andNeverMakesOneAmbiguous() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1", "p1");
        v.alias(c, PhiType.DATE, "3/14", "9/27");              // an earlier message sent "9/27" for "3/14"
        v.alias(c, PhiType.DATE, "1/2", "7/17");
        v.alias(c, PhiType.DATE, "1/3", "7/17");              // ambiguous

        assertThat(v.tryPassedThrough(c, "9/27")).isFalse();   // stands for another original: unchanged
        assertThat(v.tryPassedThrough(c, "7/17")).isFalse();   // ambiguous: unchanged
        assertThat(v.tryPassedThrough(c, "May 5")).isTrue();
        assertThat(v.tryPassedThrough(c, "May 5")).isTrue();   // already sent unchanged
        assertThat(v.surrogates(c, ACCESS)).containsEntry("9/27", "3/14").containsEntry("May 5", "May 5")
                .doesNotContainKey("7/17");
        assertThatThrownBy(() -> v.tryPassedThrough(c, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> v.tryPassedThrough(c, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aliases_answersOnlyForTheTextsAskedFor_identityFlagged_ambiguousLeftOut() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1", "p1");
        v.alias(c, PhiType.DATE, "3/14/2024", "9/27/2024");
        v.alias(c, PhiType.DATE, "4/1/2024", "10/14/2024");
        v.passedThrough(c, "May 5");
        v.alias(c, PhiType.DATE, "1/2/2024", "7/17/2024");
        v.alias(c, PhiType.DATE, "1/3/2024", "7/17/2024"); // a second original for the same text: ambiguous

        Map<String, Boolean> got = v.aliases(c, List.of("9/27/2024", "May 5", "7/17/2024", "never sent"));

        assertThat(got).containsOnly(Map.entry("9/27/2024", false), Map.entry("May 5", true));
        assertThat(v.aliases(c, List.of())).isEmpty();
        assertThat(v.aliases(ctx("t1", "other"), List.of("9/27/2024"))).isEmpty();
        assertThat(got.toString()).doesNotContain("3/14/2024");
    }

    @Test
    void placeholder_sameOriginalInConversation_getsSamePlaceholder_numberedPerType() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1");

        assertThat(v.placeholder(c, PhiType.NAME, "Jane Roe")).isEqualTo("<NAME_1>");
        assertThat(v.placeholder(c, PhiType.NAME, "John Doe")).isEqualTo("<NAME_2>");
        assertThat(v.placeholder(c, PhiType.SOCIAL_SECURITY_NUMBER, "123-45-6789")).isEqualTo("<SSN_1>");
        assertThat(v.placeholder(c, PhiType.NAME, "Jane Roe")).isEqualTo("<NAME_1>");
        assertThat(v.placeholder(c, PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, "1EG4-TE5-MK73"))
                .isEqualTo("<HEALTH_PLAN_ID_1>");

        VaultStats s = v.stats();
        assertThat(s.allocations()).isEqualTo(4);
        assertThat(s.reuses()).isEqualTo(1);
        assertThat(s.mappings()).isEqualTo(4);
        assertThat(s.conversations()).isEqualTo(1);
    }

    @Test
    void placeholder_sameTextOfTwoTypes_getsOnePlaceholderPerType() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1");
        assertThat(v.placeholder(c, PhiType.MEDICAL_RECORD_NUMBER, "4471")).isEqualTo("<MRN_1>");
        assertThat(v.placeholder(c, PhiType.ACCOUNT_NUMBER, "4471")).isEqualTo("<ACCOUNT_1>");
        assertThat(v.original(c, "<ACCOUNT_1>", ACCESS)).contains("4471");
    }

    @Test
    void placeholder_caseVariantsOfAName_getDistinctPlaceholders_soReidentificationIsLossless() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1");
        String a = v.placeholder(c, PhiType.NAME, "Jane Roe");
        String b = v.placeholder(c, PhiType.NAME, "JANE ROE");
        assertThat(a).isNotEqualTo(b);
        assertThat(v.original(c, a, ACCESS)).contains("Jane Roe");
        assertThat(v.original(c, b, ACCESS)).contains("JANE ROE");
    }

    @Test
    void original_roundTripsAnyString_includingUnpairedSurrogatesAndNonBmp() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1");
        String odd = "Zo\u00eb \ud83d\ude00 \ud800 x";
        String p = v.placeholder(c, PhiType.NAME, odd);
        assertThat(v.original(c, p, ACCESS)).contains(odd);
    }

    @Test
    void original_unknownOrMalformedPlaceholder_isEmpty_andCountedAsMiss() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1");
        v.placeholder(c, PhiType.NAME, "Jane Roe");

        assertThat(v.original(c, "<NAME_2>", ACCESS)).isEmpty();
        assertThat(v.original(c, "<SSN_1>", ACCESS)).isEmpty();
        assertThat(v.original(c, "<name_1>", ACCESS)).as("canonical form only").isEmpty();
        assertThat(v.original(c, "<NAME_1> ", ACCESS)).isEmpty();
        assertThat(v.original(c, "Jane Roe", ACCESS)).isEmpty();
        assertThat(v.original(ctx("t1", "other"), "<NAME_1>", ACCESS)).isEmpty();
        assertThat(v.original(c, "<NAME_1>", ACCESS)).contains("Jane Roe");

        assertThat(v.stats().misses()).isEqualTo(6);
        assertThat(v.stats().hits()).isEqualTo(1);
    }

    @Test
    void placeholder_emptyOriginal_isRejected() {
        assertThatThrownBy(() -> vault(10).placeholder(ctx("t", "c"), PhiType.NAME, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- scoping ---------------------------------------------------------------------------------------------------

    @Test
    void mappings_neverCrossConversationsOrTenants() {
        PseudonymVault v = vault(100);
        PhiContext a = ctx("t1", "c1");
        PhiContext b = ctx("t1", "c2");
        PhiContext otherTenant = ctx("t2", "c1");

        assertThat(v.placeholder(a, PhiType.NAME, "Jane Roe")).isEqualTo("<NAME_1>");
        assertThat(v.placeholder(a, PhiType.NAME, "John Doe")).isEqualTo("<NAME_2>");
        assertThat(v.placeholder(b, PhiType.NAME, "John Doe")).isEqualTo("<NAME_1>");
        assertThat(v.placeholder(otherTenant, PhiType.NAME, "Mary Major")).isEqualTo("<NAME_1>");

        assertThat(v.original(a, "<NAME_1>", ACCESS)).contains("Jane Roe");
        assertThat(v.original(b, "<NAME_1>", ACCESS)).contains("John Doe");
        assertThat(v.original(b, "<NAME_2>", ACCESS)).isEmpty();
        assertThat(v.original(otherTenant, "<NAME_1>", ACCESS)).contains("Mary Major");
        assertThat(v.original(otherTenant, "<NAME_2>", ACCESS)).isEmpty();
        assertThat(v.original(ctx("t3", "c1"), "<NAME_1>", ACCESS)).isEmpty();
    }

    @Test
    void mappings_ofOneConversation_areSharedByContextsWithDifferentPatients() {
        PseudonymVault v = vault(100);
        String p = v.placeholder(ctx("t1", "c1", "pat-1"), PhiType.NAME, "Jane Roe");
        assertThat(v.placeholder(ctx("t1", "c1", "pat-2"), PhiType.NAME, "Jane Roe")).isEqualTo(p);
        assertThat(v.original(ctx("t1", "c1"), p, ACCESS)).contains("Jane Roe");
    }

    // --- TTL -------------------------------------------------------------------------------------------------------

    @Test
    void ttl_conversationUnusedForTtl_isEvicted_reportedAndCounted() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1", "pat-1");
        v.placeholder(c, PhiType.NAME, "Jane Roe");
        v.placeholder(c, PhiType.DATE, "03/04/2021");

        clock.advance(TTL.minusMillis(1));
        assertThat(v.original(c, "<NAME_1>", ACCESS)).as("still alive just before the TTL").isPresent();
        clock.advance(TTL.minusMillis(1));
        assertThat(v.original(c, "<DATE_1>", ACCESS)).as("the read restarted the TTL").isPresent();
        clock.advance(TTL);
        assertThat(v.original(c, "<NAME_1>", ACCESS)).isEmpty();

        assertThat(evictions).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(VaultEviction.Reason.EXPIRED);
            assertThat(e.tenant()).isEqualTo("t1");
            assertThat(e.conversation()).isEqualTo("c1");
            assertThat(e.patients()).containsExactly("pat-1");
            assertThat(e.mappings()).isEqualTo(Map.of(PhiType.NAME, 1, PhiType.DATE, 1));
            assertThat(e.total()).isEqualTo(2);
        });
        VaultStats s = v.stats();
        assertThat(s.evictedConversations(VaultEviction.Reason.EXPIRED)).isEqualTo(1);
        assertThat(s.evictedMappings(VaultEviction.Reason.EXPIRED)).isEqualTo(2);
        assertThat(s.mappings()).isZero();
    }

    @Test
    void ttl_afterExpiry_conversationStartsNumberingAgain() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1");
        v.placeholder(c, PhiType.NAME, "Jane Roe");
        clock.advance(TTL);
        assertThat(v.placeholder(c, PhiType.NAME, "John Doe")).isEqualTo("<NAME_1>");
        assertThat(v.original(c, "<NAME_1>", ACCESS)).contains("John Doe");
        assertThat(evictions).hasSize(1);
    }

    @Test
    void ttl_leasedConversation_isNotEvicted_andTtlRestartsWhenTheLeaseCloses() {
        PseudonymVault v = vault(100);
        PhiContext c = ctx("t1", "c1");
        try (VaultLease lease = v.lease(c)) {
            v.placeholder(c, PhiType.NAME, "Jane Roe");
            clock.advance(TTL.multipliedBy(10));
            assertThat(v.evictExpired()).isZero();
            assertThat(v.original(c, "<NAME_1>", ACCESS)).contains("Jane Roe");
            assertThat(v.stats().activeLeases()).isEqualTo(1);
            assertThat(lease.isOpen()).isTrue();
        }
        assertThat(v.stats().activeLeases()).isZero();
        clock.advance(TTL.minusMillis(1));
        assertThat(v.evictExpired()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(v.evictExpired()).isEqualTo(1);
        assertThat(evictions).singleElement().extracting(VaultEviction::reason)
                .isEqualTo(VaultEviction.Reason.EXPIRED);
    }

    @Test
    void ttl_expiredConversationsOfATenant_areSweptWhenItAllocates() {
        PseudonymVault v = vault(100);
        v.placeholder(ctx("t1", "old-1"), PhiType.NAME, "Jane Roe");
        v.placeholder(ctx("t1", "old-2"), PhiType.NAME, "John Doe");
        v.placeholder(ctx("t2", "other-tenant"), PhiType.NAME, "Mary Major");
        clock.advance(TTL);
        v.placeholder(ctx("t1", "new"), PhiType.NAME, "Richard Roe");

        assertThat(evictions).extracting(VaultEviction::conversation).containsExactlyInAnyOrder("old-1", "old-2");
        assertThat(v.stats().conversations()).isEqualTo(2);
        assertThat(v.evictExpired()).isEqualTo(1);
    }

    @Test
    void lease_closedTwice_releasesOnce_andEmptyLeasedConversationLeavesNothing() {
        PseudonymVault v = vault(100);
        VaultLease a = v.lease(ctx("t1", "c1"));
        VaultLease b = v.lease(ctx("t1", "c1"));
        a.close();
        a.close();
        assertThat(v.stats().activeLeases()).isEqualTo(1);
        b.close();
        assertThat(v.stats().activeLeases()).isZero();
        assertThat(v.stats().conversations()).isZero();
        assertThat(a.toString()).isEqualTo("VaultLease{tenant=t1, conversation=c1, open=false}");
    }

    // --- size bound ------------------------------------------------------------------------------------------------

    @Test
    void capacity_tenantFull_evictsLeastRecentlyUsedConversation_andReportsIt() {
        PseudonymVault v = vault(4);
        PhiContext a = ctx("t1", "a");
        PhiContext b = ctx("t1", "b");
        PhiContext c = ctx("t1", "c");
        v.placeholder(a, PhiType.NAME, "A1");
        v.placeholder(a, PhiType.NAME, "A2");
        clock.advance(Duration.ofSeconds(1));
        v.placeholder(b, PhiType.NAME, "B1");
        v.placeholder(b, PhiType.PHONE_NUMBER, "B2");
        clock.advance(Duration.ofSeconds(1));
        v.original(a, "<NAME_1>", ACCESS); // a is now more recently used than b
        clock.advance(Duration.ofSeconds(1));
        v.placeholder(ctx("t2", "x"), PhiType.NAME, "other tenant is not counted");

        assertThat(v.placeholder(c, PhiType.NAME, "C1")).isEqualTo("<NAME_1>");

        assertThat(evictions).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(VaultEviction.Reason.CAPACITY);
            assertThat(e.conversation()).isEqualTo("b");
            assertThat(e.mappings()).isEqualTo(Map.of(PhiType.NAME, 1, PhiType.PHONE_NUMBER, 1));
        });
        assertThat(v.original(a, "<NAME_2>", ACCESS)).contains("A2");
        assertThat(v.original(b, "<NAME_1>", ACCESS)).isEmpty();
        assertThat(v.stats().evictedMappings(VaultEviction.Reason.CAPACITY)).isEqualTo(2);
        assertThat(v.stats().mappings()).isEqualTo(4);
    }

    @Test
    void capacity_tenantFullAndEveryOtherConversationLeased_refusesNewMapping_keepsLiveOnes() {
        PseudonymVault v = vault(2);
        PhiContext a = ctx("t1", "a");
        PhiContext b = ctx("t1", "b");
        try (VaultLease la = v.lease(a); VaultLease lb = v.lease(b)) {
            assertThat(la.isOpen() && lb.isOpen()).isTrue();
            v.placeholder(a, PhiType.NAME, "A1");
            v.placeholder(b, PhiType.NAME, "B1");
            assertThatThrownBy(() -> v.placeholder(ctx("t1", "c"), PhiType.NAME, "C1"))
                    .isInstanceOf(PhiProcessingException.class)
                    .hasMessageContaining("refused");
            assertThatThrownBy(() -> v.placeholder(a, PhiType.NAME, "A2"))
                    .isInstanceOf(PhiProcessingException.class);
            assertThat(v.placeholder(a, PhiType.NAME, "A1")).as("reuse needs no room").isEqualTo("<NAME_1>");
            assertThat(v.original(a, "<NAME_1>", ACCESS)).contains("A1");
            assertThat(v.original(b, "<NAME_1>", ACCESS)).contains("B1");
        }
        assertThat(evictions).isEmpty();
        assertThat(v.stats().refusals()).isEqualTo(2);
        // once the leases are closed, the least recently used conversation can go
        assertThat(v.placeholder(ctx("t1", "c"), PhiType.NAME, "C1")).isEqualTo("<NAME_1>");
        assertThat(evictions).hasSize(1);
    }

    @Test
    void capacity_aConversationBiggerThanTheTenantBound_isRefusedNotSelfEvicted() {
        PseudonymVault v = vault(2);
        PhiContext a = ctx("t1", "a");
        v.placeholder(a, PhiType.NAME, "A1");
        v.placeholder(a, PhiType.NAME, "A2");
        assertThatThrownBy(() -> v.placeholder(a, PhiType.NAME, "A3")).isInstanceOf(PhiProcessingException.class);
        assertThat(v.placeholder(a, PhiType.NAME, "A2")).isEqualTo("<NAME_2>");
        assertThat(evictions).isEmpty();
    }

    @Test
    void capacity_afterARefusal_numberingHasNoGap() {
        PseudonymVault v = vault(3);
        PhiContext a = ctx("t1", "a");
        v.placeholder(a, PhiType.NAME, "A1");
        v.placeholder(a, PhiType.NAME, "A2");
        VaultLease lease = v.lease(ctx("t1", "b"));
        v.placeholder(ctx("t1", "b"), PhiType.NAME, "B1");
        assertThatThrownBy(() -> v.placeholder(a, PhiType.NAME, "A3")).isInstanceOf(PhiProcessingException.class);
        lease.close();
        assertThat(v.placeholder(a, PhiType.NAME, "A3")).isEqualTo("<NAME_3>");
        assertThat(evictions).singleElement().extracting(VaultEviction::conversation).isEqualTo("b");
    }

    @Test
    void listener_thatThrows_failsTheOperationClosed_afterTheEvictionHappened() {
        PseudonymVault v = PseudonymVault.builder().maxEntriesPerTenant(1).ttl(TTL).clock(clock).originalsInPlaintext()
                .evictionListener(e -> {
                    throw new IllegalStateException("audit sink down");
                }).build();
        v.placeholder(ctx("t1", "a"), PhiType.NAME, "A1");
        assertThatThrownBy(() -> v.placeholder(ctx("t1", "b"), PhiType.NAME, "B1"))
                .isInstanceOf(PhiProcessingException.class)
                .hasMessageContaining("eviction listener failed");
        assertThat(v.stats().evictedConversations(VaultEviction.Reason.CAPACITY)).isEqualTo(1);
        assertThat(v.placeholder(ctx("t1", "b"), PhiType.NAME, "B1")).isEqualTo("<NAME_1>");
    }

    // --- destroy ---------------------------------------------------------------------------------------------------

    @Test
    void destroy_conversation_deletesOnlyThatConversation() {
        PseudonymVault v = vault(100);
        PhiContext a = ctx("t1", "a");
        PhiContext b = ctx("t1", "b");
        v.placeholder(a, PhiType.NAME, "A1");
        v.placeholder(a, PhiType.DATE, "A2");
        v.placeholder(b, PhiType.NAME, "B1");

        assertThat(v.destroy(a, PseudonymVault.Scope.CONVERSATION)).isEqualTo(2);
        assertThat(v.original(a, "<NAME_1>", ACCESS)).isEmpty();
        assertThat(v.original(b, "<NAME_1>", ACCESS)).contains("B1");
        assertThat(v.destroy(a, PseudonymVault.Scope.CONVERSATION)).isZero();
        assertThat(v.stats().destroyedMappings()).isEqualTo(2);
        assertThat(evictions).as("destroy is not an eviction").isEmpty();
    }

    @Test
    void destroy_patient_deletesEveryConversationThatNamedThePatient_inThatTenantOnly() {
        PseudonymVault v = vault(100);
        v.placeholder(ctx("t1", "a", "pat-1"), PhiType.NAME, "A1");
        v.placeholder(ctx("t1", "b", "pat-2"), PhiType.NAME, "B1");
        v.placeholder(ctx("t1", "b", "pat-1"), PhiType.NAME, "B2"); // b touched both patients
        v.placeholder(ctx("t1", "c", "pat-2"), PhiType.NAME, "C1");
        v.placeholder(ctx("t1", "d"), PhiType.NAME, "D1");
        v.placeholder(ctx("t2", "a", "pat-1"), PhiType.NAME, "other tenant");

        assertThat(v.destroy(ctx("t1", "any", "pat-1"), PseudonymVault.Scope.PATIENT)).isEqualTo(3);
        assertThat(v.original(ctx("t1", "a"), "<NAME_1>", ACCESS)).isEmpty();
        assertThat(v.original(ctx("t1", "b"), "<NAME_1>", ACCESS)).isEmpty();
        assertThat(v.original(ctx("t1", "c"), "<NAME_1>", ACCESS)).contains("C1");
        assertThat(v.original(ctx("t1", "d"), "<NAME_1>", ACCESS)).contains("D1");
        assertThat(v.original(ctx("t2", "a"), "<NAME_1>", ACCESS)).contains("other tenant");
    }

    @Test
    void destroy_patient_withoutPatientInContext_isRejected() {
        assertThatThrownBy(() -> vault(10).destroy(ctx("t1", "a"), PseudonymVault.Scope.PATIENT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destroy_tenant_deletesAllItsConversations_evenLeased_andTheTenantCanStartAgain() {
        PseudonymVault v = vault(100);
        VaultLease lease = v.lease(ctx("t1", "a"));
        v.placeholder(ctx("t1", "a"), PhiType.NAME, "A1");
        v.placeholder(ctx("t1", "b"), PhiType.NAME, "B1");
        v.placeholder(ctx("t2", "a"), PhiType.NAME, "T2");

        assertThat(v.destroy(ctx("t1", "whatever"), PseudonymVault.Scope.TENANT)).isEqualTo(2);
        assertThat(v.original(ctx("t1", "a"), "<NAME_1>", ACCESS)).isEmpty();
        assertThat(v.original(ctx("t2", "a"), "<NAME_1>", ACCESS)).contains("T2");
        lease.close();
        assertThat(v.stats().activeLeases()).isZero();
        assertThat(v.placeholder(ctx("t1", "a"), PhiType.NAME, "New")).isEqualTo("<NAME_1>");
        assertThat(v.stats().mappings()).isEqualTo(2);
        assertThat(v.stats().tenants()).isEqualTo(2);
    }

    // --- builder ---------------------------------------------------------------------------------------------------

    @Test
    void builder_rejectsMissingRepeatedBadAndConflictingSettings() {
        assertThatThrownBy(() -> PseudonymVault.builder().ttl(TTL).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxEntriesPerTenant");
        assertThatThrownBy(() -> PseudonymVault.builder().maxEntriesPerTenant(1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> PseudonymVault.builder().ttl(TTL).ttl(TTL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
        assertThatThrownBy(() -> PseudonymVault.builder().maxEntriesPerTenant(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PseudonymVault.builder().ttl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PseudonymVault.builder().ttl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        KeyedHash hash = KeyedHash.jdkHmacSha256(new byte[32], "k1");
        assertThatThrownBy(() -> PseudonymVault.builder().maxEntriesPerTenant(1).ttl(TTL)
                .originalsInPlaintext().lookupHash(hash).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lookupHash").hasMessageContaining("aead");
    }

    @Test
    void builder_requiresAnExplicitChoiceBetweenAeadAndPlaintext() {
        assertThatThrownBy(() -> PseudonymVault.builder().maxEntriesPerTenant(1).ttl(TTL).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aead").hasMessageContaining("originalsInPlaintext");
        assertThatThrownBy(() -> PseudonymVault.builder().maxEntriesPerTenant(1).ttl(TTL)
                .aead(new TestAesGcm("k1")).originalsInPlaintext().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aead").hasMessageContaining("originalsInPlaintext");
    }

    @Test
    void toString_showsConfigurationAndPlaintextRisk() {
        assertThat(vault(7).toString()).isEqualTo("PseudonymVault{maxEntriesPerTenant=7, ttl=PT30M, "
                + "aead=none (originals in memory as plaintext)}");
        assertThat(Optional.of(vault(7).stats().toString())).get().asString().startsWith("VaultStats{tenants=0");
    }
}
