package dev.phisafe.core.evidence;

import java.util.List;

/**
 * One AI risk category and what the configured deployment does, and does not do, about it.
 *
 * @param id        a stable code, e.g. {@code prompt-injection}
 * @param title     the category's name
 * @param addresses what the configuration does, with live figures where there are any
 * @param gaps      what it does not do (residual risk the organisation must treat elsewhere)
 */
record Risk(String id, String title, List<String> addresses, List<String> gaps) {
    Risk {
        addresses = List.copyOf(addresses);
        gaps = List.copyOf(gaps);
    }
}
