package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Average latency of the default suite on one ~1 KB clinical prompt, the typical size of a chat message sent
 * through a guarded LangChain4j model. The prompt is invented (no real patient); it carries one value of most
 * Safe Harbor categories so that every detector has work to do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class PromptLatencyBenchmark {

    /** The invented prompt, 1 KB give or take a few bytes. */
    static final String PROMPT = "Please summarise this discharge note for the referring physician and draft a"
            + " follow-up letter.\n\n"
            + "Patient: Margaret O'Neill, DOB 03/14/1951, MRN 00482913, admitted 2024-02-02 to St. Mary's Hospital,"
            + " 1200 Harbor Blvd, Springfield, IL 62704. Contact: (217) 555-0143, fax 217-555-0199,"
            + " m.oneill@example.org. Medicare ID 1EG4-TE5-MK72. SSN 123-45-6789 on file.\n"
            + "HPI: 72-year-old woman with type 2 diabetes (HbA1c 7.5%), hypertension and CKD stage 3 presented"
            + " with 3 days of dyspnea. BP 148/92, HR 96, SpO2 91% on room air. Chest X-ray: bilateral effusions."
            + " Started furosemide 40 mg IV twice daily; creatinine 1.6 mg/dL on 02/03/2024, 1.4 on 02/05/2024.\n"
            + "Course: Seen by Dr. Alan Whitfield (cardiology) who recommended echo; EF 35%. Discharged 2/7/24 on"
            + " metoprolol 25 mg daily, lisinopril 10 mg daily. Her daughter Julia (phone 217.555.0178) will drive"
            + " her to clinic. Follow up with Dr. Priya Raman at Lakeside Clinic on March 1st, 2024.\n"
            + "Device: pacemaker serial PM-88213-X. Portal: https://portal.example.org/pt/88213, IP 10.2.33.4.\n"
            + "Write in plain language, under 200 words.";

    private PhiDetectors detectors;

    /** Loads the suite before measuring, so dictionary loading is not part of the latency. */
    @Setup
    public void load() {
        detectors = PhiDetectors.defaults();
    }

    /** @return the findings (returned so that JMH consumes them) */
    @Benchmark
    public List<PhiSpan> detectPrompt() {
        return detectors.detect(PROMPT);
    }
}
