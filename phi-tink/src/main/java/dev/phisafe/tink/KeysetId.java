package dev.phisafe.tink;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names one keyset: a tenant, optionally one patient of that tenant, and a {@link KeyPurpose}. Patient keysets make
 * per-patient crypto-shredding possible (destroy one patient's keys, keep the tenant's).
 *
 * <p>Ids become file names, so they are restricted to 1-64 characters of {@code [A-Za-z0-9._-]} not starting with
 * a dot, and must be <em>opaque</em> (not an MRN, not a name: 45 CFR 164.514(c) — no PHI in file names).
 * Immutable value.
 */
public final class KeysetId {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private final String tenant;
    private final String patient;
    private final KeyPurpose purpose;

    private KeysetId(String tenant, String patient, KeyPurpose purpose) {
        this.tenant = check(tenant, "tenant");
        this.patient = patient == null ? null : check(patient, "patient");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
    }

    /**
     * @param tenant  the tenant id
     * @param purpose what the keyset is for
     * @return the tenant-wide keyset id
     * @throws IllegalArgumentException if the tenant id is not a valid opaque id
     */
    public static KeysetId of(String tenant, KeyPurpose purpose) {
        return new KeysetId(tenant, null, purpose);
    }

    /**
     * @param tenant  the tenant id
     * @param patient the patient's opaque id within the tenant
     * @param purpose what the keyset is for
     * @return the patient's keyset id
     * @throws IllegalArgumentException if an id is not a valid opaque id
     */
    public static KeysetId ofPatient(String tenant, String patient, KeyPurpose purpose) {
        return new KeysetId(tenant, Objects.requireNonNull(patient, "patient"), purpose);
    }

    /** @return the tenant id */
    public String tenant() {
        return tenant;
    }

    /** @return the patient id, if this is a patient keyset */
    public Optional<String> patient() {
        return Optional.ofNullable(patient);
    }

    /** @return the purpose */
    public KeyPurpose purpose() {
        return purpose;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeysetId)) {
            return false;
        }
        KeysetId k = (KeysetId) o;
        return tenant.equals(k.tenant) && Objects.equals(patient, k.patient) && purpose == k.purpose;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, patient, purpose);
    }

    /** @return {@code tenant/purpose} or {@code tenant/patient/purpose} (ids only) */
    @Override
    public String toString() {
        return patient == null ? tenant + "/" + purpose.label() : tenant + "/" + patient + "/" + purpose.label();
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static String check(String id, String what) {
        Objects.requireNonNull(id, what);
        if (!ID.matcher(id).matches()) {
            // the value is not echoed: a caller may have passed a name or an MRN by mistake
            throw new IllegalArgumentException(what + " id must be 1-64 characters of [A-Za-z0-9._-], not starting "
                    + "with a dot (length given: " + id.length() + ")");
        }
        return id;
    }
}
