package dev.phisafe.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The demo's synthetic clinic, read from {@link #RESOURCE} (made by {@link ClinicGenerator}; every identifier in it
 * is invented).
 *
 * @param notice   the statement that all identifiers are invented
 * @param patients the patients, in id order
 * @param notes    the notes, grouped by patient
 */
public record Clinic(String notice, List<Patient> patients, List<Note> notes) {
    /** The classpath resource holding the clinic. */
    public static final String RESOURCE = "/dev/phisafe/examples/demo/clinic.json";

    /**
     * A patient. {@code id} is the opaque id the pipeline uses; the other fields are (invented) PHI.
     *
     * @param id      opaque id ({@code p-01})
     * @param name    full name
     * @param mrn     medical record number
     * @param phone   home phone
     * @param address street, town, state and ZIP
     */
    public record Patient(String id, String name, String mrn, String phone, String address) {
    }

    /**
     * One identifier value planted in a note.
     *
     * @param type  a {@code PhiType} name
     * @param value the text as it appears in the note
     */
    public record Planted(String type, String value) {
    }

    /**
     * A short clinical note.
     *
     * @param id      note id ({@code n-001})
     * @param patient the patient's opaque id
     * @param text    the note
     * @param planted the identifier values in {@code text}
     */
    public record Note(String id, String patient, String text, List<Planted> planted) {
    }

    /** Copies the lists. */
    public Clinic {
        patients = List.copyOf(patients);
        notes = List.copyOf(notes);
    }

    /** @return the clinic shipped with the demo */
    public static Clinic load() {
        try (InputStream in = Clinic.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo clinic resource is missing: " + RESOURCE);
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo clinic", e);
        }
    }

    static Clinic parse(JsonNode root) {
        List<Patient> patients = new ArrayList<>();
        for (JsonNode p : root.path("patients")) {
            patients.add(new Patient(p.path("id").asText(), p.path("name").asText(), p.path("mrn").asText(),
                    p.path("phone").asText(), p.path("address").asText()));
        }
        List<Note> notes = new ArrayList<>();
        for (JsonNode n : root.path("notes")) {
            List<Planted> planted = new ArrayList<>();
            for (JsonNode v : n.path("planted")) {
                planted.add(new Planted(v.path("type").asText(), v.path("value").asText()));
            }
            notes.add(new Note(n.path("id").asText(), n.path("patient").asText(), n.path("text").asText(), planted));
        }
        return new Clinic(root.path("notice").asText(), patients, notes);
    }

    /**
     * @param id an opaque patient id
     * @return the patient
     * @throws NoSuchElementException if there is none
     */
    public Patient patient(String id) {
        return patients.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no patient " + id));
    }

    /**
     * @param patientId an opaque patient id
     * @return that patient's notes
     */
    public List<Note> notesOf(String patientId) {
        return notes.stream().filter(n -> n.patient().equals(patientId)).toList();
    }
}
