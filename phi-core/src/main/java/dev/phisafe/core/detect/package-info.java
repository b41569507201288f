/**
 * PHI detection: {@link dev.phisafe.core.detect.PhiType}, {@link dev.phisafe.core.detect.PhiSpan}, the
 * {@link dev.phisafe.core.detect.PhiDetector} SPI and the default suite
 * {@link dev.phisafe.core.detect.PhiDetectors}.
 *
 * <p>Every detector runs in linear time on any input: dictionaries are matched with tries over tokens, patterns
 * run on RE2/J or are hand-written scanners; no backtracking regular expression sees untrusted text.
 */
package dev.phisafe.core.detect;
