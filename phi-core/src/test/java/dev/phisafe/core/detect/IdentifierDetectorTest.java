package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour of {@link IdentifierDetector}: what it finds, with which type and exact offsets, and what it leaves. */
class IdentifierDetectorTest {
    private final IdentifierDetector detector = new IdentifierDetector();

    /** Findings the suite would keep (confidence >= 0.5). */
    private List<PhiSpan> kept(String text) {
        List<PhiSpan> out = new ArrayList<>();
        for (PhiSpan s : detector.detect(text)) {
            if (s.confidence() >= PhiDetectors.DEFAULT_MIN_CONFIDENCE) {
                out.add(s);
            }
        }
        return out;
    }

    /** Asserts exactly one kept finding, covering {@code expected} (its first occurrence) with {@code type}. */
    private PhiSpan assertOne(String text, String expected, PhiType type) {
        List<PhiSpan> found = kept(text);
        assertThat(found).as("findings in a %d-char text", text.length()).hasSize(1);
        PhiSpan s = found.get(0);
        int at = text.indexOf(expected);
        assertThat(at).as("test's expected text occurs").isGreaterThanOrEqualTo(0);
        assertThat(s.start()).as("start").isEqualTo(at);
        assertThat(s.end()).as("end").isEqualTo(at + expected.length());
        assertThat(s.type()).isEqualTo(type);
        assertThat(s.detector()).isEqualTo("identifier");
        return s;
    }

    // ---------------------------------------------------------------------------------------------------- SSN

    @Test
    void ssn_withDashes_isDetected_evenWhenNotIssuable() {
        PhiSpan s = assertOne("Pt SSN 123-45-6789 on file", "123-45-6789", PhiType.SOCIAL_SECURITY_NUMBER);
        assertThat(assertOne("number 123-45-6789 on file", "123-45-6789", PhiType.SOCIAL_SECURITY_NUMBER)
                .confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(s.confidence()).isGreaterThanOrEqualTo(0.85);
        PhiSpan bare = assertOne("number 987-65-4320 on file", "987-65-4320", PhiType.SOCIAL_SECURITY_NUMBER);
        assertThat(bare.confidence()).as("format only").isBetween(0.6, 0.8);
    }

    @Test
    void ssn_validity_raisesConfidence() {
        double valid = assertOne("see 536-90-4399.", "536-90-4399", PhiType.SOCIAL_SECURITY_NUMBER).confidence();
        double invalid = assertOne("see 666-90-4399.", "666-90-4399", PhiType.SOCIAL_SECURITY_NUMBER).confidence();
        assertThat(valid).isGreaterThan(invalid);
        assertThat(invalid).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void ssn_withSpaces_isDetected() {
        assertOne("his number 078 05 1123 was", "078 05 1123", PhiType.SOCIAL_SECURITY_NUMBER);
    }

    @Test
    void ssn_nineDigits_onlyWithSsnContext() {
        assertOne("SSN: 536904399", "536904399", PhiType.SOCIAL_SECURITY_NUMBER);
        assertOne("social security number is 536904399", "536904399", PhiType.SOCIAL_SECURITY_NUMBER);
        assertOne("ss# 536904399", "536904399", PhiType.SOCIAL_SECURITY_NUMBER);
        assertThat(kept("value 536904399 x")).allMatch(s -> s.type() != PhiType.SOCIAL_SECURITY_NUMBER);
    }

    // ------------------------------------------------------------------------------------------ labelled values

    @Test
    void mrn_labelled_variants_areDetectedWithExactOffsets() {
        assertOne("seen 2023 (MRN: 112-45-789)?", "112-45-789", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("(MRN #JM-1234567)", "#JM-1234567", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("with medical record 123-45-6789, diagnosed", "123-45-6789", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("Hospital. EMR: 456123789.", "456123789", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("on April 12th, MRN 12345?", "12345", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("Med Rec#: CC-789654", "CC-789654", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("chart no. 4471-22", "4471-22", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("MRN: 87342GH", "87342GH", PhiType.MEDICAL_RECORD_NUMBER);
    }

    @Test
    void mrn_gluedToItsLabel_isDetected() {
        assertOne("next patient is sophia , mrnr472348 . she", "mrnr472348", PhiType.MEDICAL_RECORD_NUMBER);
        assertOne("MRN12345678", "MRN12345678", PhiType.MEDICAL_RECORD_NUMBER);
    }

    @Test
    void healthPlan_labelled_isDetected() {
        assertOne("guidelines? insurance is QX-789012.", "QX-789012", PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER);
        assertOne("policy number QW-987654", "QW-987654", PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER);
        assertOne("Member ID: 00012345678", "00012345678", PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER);
        assertOne("(HICN: B123456789)", "B123456789", PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER);
        assertOne("His insurance # is NP-1234AB.", "NP-1234AB", PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER);
    }

    @Test
    void account_labelled_isDetected_andAbaValidationRaisesConfidence() {
        assertOne("(Acct#: GRM-998877)", "GRM-998877", PhiType.ACCOUNT_NUMBER);
        assertOne("Account Number: 9876543210", "9876543210", PhiType.ACCOUNT_NUMBER);
        double valid = assertOne("routing number 121000358", "121000358", PhiType.ACCOUNT_NUMBER).confidence();
        double invalid = assertOne("routing number 121000359", "121000359", PhiType.ACCOUNT_NUMBER).confidence();
        assertThat(valid).isGreaterThan(invalid);
        assertOne("card number 630427373398 is lost", "630427373398", PhiType.ACCOUNT_NUMBER);
        assertOne("my iban is gb42nawi04454264788619", "gb42nawi04454264788619", PhiType.ACCOUNT_NUMBER);
    }

    @Test
    void license_labelled_isDetected() {
        assertOne("(License No: CLN-112233)?", "CLN-112233", PhiType.CERTIFICATE_LICENSE_NUMBER);
        assertOne("My driver's license number is F162823540116", "F162823540116",
                PhiType.CERTIFICATE_LICENSE_NUMBER);
        assertOne("My driver's license number is 2270-66-1551", "2270-66-1551",
                PhiType.CERTIFICATE_LICENSE_NUMBER);
        assertThat(assertOne("DEA# AP5836727", "AP5836727", PhiType.CERTIFICATE_LICENSE_NUMBER).confidence())
                .isGreaterThanOrEqualTo(0.95);
        assertThat(assertOne("NPI: 1234567893", "1234567893", PhiType.CERTIFICATE_LICENSE_NUMBER).confidence())
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void vehicle_device_biometric_labelled_areDetected() {
        assertOne("license plate 7ABC123 seen", "7ABC123", PhiType.VEHICLE_IDENTIFIER);
        assertOne("VIN: 1HGCM82633A004352", "1HGCM82633A004352", PhiType.VEHICLE_IDENTIFIER);
        assertOne("pacemaker serial: PM-778812", "PM-778812", PhiType.DEVICE_IDENTIFIER);
        assertOne("lot number 4471A", "4471A", PhiType.DEVICE_IDENTIFIER);
        assertOne("fingerprint ID: FP-99812", "FP-99812", PhiType.BIOMETRIC_IDENTIFIER);
    }

    @Test
    void genericIds_keepTheirQualifier() {
        assertOne("treated in 2023 (Site ID: 98765).", "Site ID: 98765", PhiType.UNIQUE_IDENTIFIER);
        assertOne("reference his notes on case #JH-998877.", "case #JH-998877", PhiType.UNIQUE_IDENTIFIER);
        assertOne("identified as patient ID: 897-65-4321?", "patient ID: 897-65-4321", PhiType.UNIQUE_IDENTIFIER);
        assertOne("passport 912803456", "passport 912803456", PhiType.UNIQUE_IDENTIFIER);
    }

    @Test
    void hashPrefixedId_withoutLabel_isDetected() {
        assertOne("Center on July 12 (#654321).", "#654321", PhiType.UNIQUE_IDENTIFIER);
        assertOne("see #JH456789 today", "#JH456789", PhiType.UNIQUE_IDENTIFIER);
    }

    // --------------------------------------------------------------------------------------- validated shapes

    @Test
    void paymentCards_passingLuhnWithKnownIssuer_areAccountNumbers() {
        assertOne("paid with 4111 1111 1111 1111 yesterday", "4111 1111 1111 1111", PhiType.ACCOUNT_NUMBER);
        assertOne("paid with 4111-1111-1111-1111.", "4111-1111-1111-1111", PhiType.ACCOUNT_NUMBER);
        assertOne("paid with 371449635398431.", "371449635398431", PhiType.ACCOUNT_NUMBER);
        assertOne("What's your credit card? 30582693301054", "30582693301054", PhiType.ACCOUNT_NUMBER);
    }

    @Test
    void luhnValidNumber_withoutKnownIssuer_isOnlyAGenericId() {
        PhiSpan s = assertOne("paid 1748503543012 today", "1748503543012", PhiType.UNIQUE_IDENTIFIER);
        assertThat(s.confidence()).isLessThan(0.85);
        assertOne("card 1748503543012 today", "1748503543012", PhiType.ACCOUNT_NUMBER);
    }

    @Test
    void iban_mbi_npi_dea_vin_udi_withoutLabel_areTypedByTheirValidators() {
        assertOne("to GB82 WEST 1234 5698 7654 32 now", "GB82 WEST 1234 5698 7654 32", PhiType.ACCOUNT_NUMBER);
        assertOne("from GB56HXDO88167774656119 to", "GB56HXDO88167774656119", PhiType.ACCOUNT_NUMBER);
        assertOne("on file: 1EG4-TE5-MK73 shown", "1EG4-TE5-MK73", PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER);
        assertOne("Dr. Lee 1245319599 signed", "1245319599", PhiType.CERTIFICATE_LICENSE_NUMBER);
        assertOne("Dr. Lee BB1388568 signed", "BB1388568", PhiType.CERTIFICATE_LICENSE_NUMBER);
        assertOne("car 1M8GDM9AXKP042788 towed", "1M8GDM9AXKP042788", PhiType.VEHICLE_IDENTIFIER);
        assertOne("implant (01)00643169007222(17)250101(21)A1B2 placed", "(01)00643169007222(17)250101(21)A1B2",
                PhiType.DEVICE_IDENTIFIER);
    }

    // ------------------------------------------------------------------------------------------- unlabelled

    @ParameterizedTest
    @ValueSource(strings = {"JH-345678", "SJH-987654", "B123-456", "12345-EMH", "UCSF-20210930-567", "TX108765",
        "87654321", "12345-67890", "123e4567-e89b-12d3-a456-426614174000"})
    void unlabelledCodes_areGenericIdsAtLowConfidence(String code) {
        PhiSpan s = assertOne("follow up on " + code + ", thanks", code, PhiType.UNIQUE_IDENTIFIER);
        assertThat(s.confidence()).isBetween(0.5, 0.8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Type 2 diabetes with ICD-10 code E11.9 and I10, COVID-19 positive.",
        "BRCA1 carrier, CHADS2 score 3, HbA1c 7.5%, T2DM, A1c 7.5 last visit.",
        "stage 3 CKD, lisinopril 40 mg daily, NYHA class II, HAS-BLED 3.",
        "SARS-CoV-2 and H1N1 PCR negative; CHA2DS2-VASc score of 5; INR of 2.0-3.0.",
        "seen at 10:30 on 2023-04-25, again 04/23/2024 and 12-05-2023 and 20230425.",
        "diagnosed in 2021; cohort 1990-2020; costs $1,250,000 or $12345678 or 12345678 dollars.",
        "lives in ZIP 94110 (94110-1234).",
        "call 555-123-4567 or (555) 123-4567 or 555.123.4567 or 1-800-555-1234 or +447700677662.",
        "vitamin D 50000 IU weekly, 50000IU, 10000000 units, platelets 250000, WBC 12000.",
        "a lot of 2000 patients, in case 12 of them, group 3 of 4, record 45.",
        "NDC 0002-3227-30, version 1.2.3.4, IP 192.168.1.1, T50.905A, E11.65, CA-125 of 35, IL-6.",
        "ID card renewal, MRN pending, account closed, policy of 2019.",
        "CIN 2-3 on biopsy, ABA therapy 20 hours, EMR 2.0 rollout, age group 12-14, ID 45 years.",
        "ISO date-time 2023-04-25T10:30 recorded."})
    void clinicalAndEverydayNumbers_areNotIdentifiers(String text) {
        assertThat(kept(text)).isEmpty();
    }

    @Test
    void numbersAfterCodingSystemOrCitationNames_areNotIdentifiers() {
        assertThat(kept("See PMID 31234567, PubMed ID: 1234567, SNOMED CT 44054006, LOINC 2345-7, CPT 99213, "
                + "MS-DRG 12345678 and ICD code #12345.")).isEmpty();
    }

    @Test
    void weakLabel_needsAMarkerOrACodeLikeValue() {
        assertThat(kept("a lot of 2000 patients")).isEmpty();
        assertOne("lot: 4471", "4471", PhiType.DEVICE_IDENTIFIER);
        assertOne("Her plate was 7XYZ123.", "7XYZ123", PhiType.VEHICLE_IDENTIFIER);
    }

    // ---------------------------------------------------------------------------------------------- hostile

    @Test
    void nonBmpAroundMatches_offsetsStayExact() {
        String text = "\uD83D\uDE00MRN: 12345\uD83D\uDE00 \uD83D\uDC4D123-45-6789\uD83D\uDC4D";
        List<PhiSpan> found = kept(text);
        assertThat(found).extracting(s -> s.textIn(text)).containsExactly("12345", "123-45-6789");
        for (PhiSpan s : found) {
            assertThat(Character.isLowSurrogate(text.charAt(s.start()))).isFalse();
            assertThat(Character.isHighSurrogate(text.charAt(s.end() - 1))).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1-", "#", "-", ".", "@", "MRN ", "ID 1-", "# 1", "1 ", "(01)", "A1-", "\uD83D\uDE00"})
    void hostileInput_oneMegabyte_finishes(String unit) {
        String text = unit.repeat((1 << 20) / unit.length());
        List<PhiSpan> found = detector.detect(text);
        assertThat(found).isNotNull();
        for (PhiSpan s : found) {
            assertThat(s.end()).isLessThanOrEqualTo(text.length());
        }
    }

    @Test
    void emptyAndTinyInputs_yieldNothing() {
        assertThat(detector.detect("")).isEmpty();
        assertThat(detector.detect("#")).isEmpty();
        assertThat(detector.detect("MRN")).isEmpty();
        assertThat(detector.detect("MRN:")).isEmpty();
        assertThat(detector.detect("(")).isEmpty();
    }

    @Test
    void nameAndTypes_areStable() {
        assertThat(detector.name()).isEqualTo("identifier");
        assertThat(detector.types()).contains(PhiType.SOCIAL_SECURITY_NUMBER, PhiType.UNIQUE_IDENTIFIER,
                PhiType.BIOMETRIC_IDENTIFIER);
    }

    @Test
    void ibanInGroupsAfterItsLabel_isOneAccountNumber() {
        String text = "Her IBAN is GB82 WEST 1234 5698 7654 32 and nothing else.";
        assertThat(new IdentifierDetector().detect(text)).anySatisfy(s -> {
            assertThat(s.textIn(text)).isEqualTo("GB82 WEST 1234 5698 7654 32");
            assertThat(s.type()).isEqualTo(PhiType.ACCOUNT_NUMBER);
        });
    }

    @Test
    void cardInSpaceSeparatedGroups_atTheEndOfASentence_isFound() {
        String text = "The other one is 4012 8888 8888 1881.";
        assertThat(new IdentifierDetector().detect(text)).anySatisfy(s -> {
            assertThat(s.textIn(text)).isEqualTo("4012 8888 8888 1881");
            assertThat(s.type()).isEqualTo(PhiType.ACCOUNT_NUMBER);
        });
    }

    @Test
    void genericIdSpan_keepsItsLabel_butNotAFillerWord() {
        String a = "Site ID: 98765 was closed";
        String b = "my passport is 912803456 today";
        assertThat(new IdentifierDetector().detect(a)).anySatisfy(s -> assertThat(s.textIn(a)).isEqualTo("Site ID: 98765"));
        assertThat(new IdentifierDetector().detect(b)).anySatisfy(s -> assertThat(s.textIn(b)).isEqualTo("912803456"));
    }

    @Test
    void licenceWithItsIssuingState_isALicence() {
        String text = "Driver's license: OR 4829173, plate CA 7ABC123.";
        List<PhiSpan> spans = new IdentifierDetector().detect(text);
        assertThat(spans).anySatisfy(s -> {
            assertThat(s.textIn(text)).isEqualTo("4829173");
            assertThat(s.type()).isEqualTo(PhiType.CERTIFICATE_LICENSE_NUMBER);
        });
        assertThat(spans).anySatisfy(s -> {
            assertThat(s.textIn(text)).isEqualTo("7ABC123");
            assertThat(s.type()).isEqualTo(PhiType.VEHICLE_IDENTIFIER);
        });
    }
}
