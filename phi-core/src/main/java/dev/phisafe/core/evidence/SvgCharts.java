package dev.phisafe.core.evidence;

import java.util.List;
import java.util.Locale;

/**
 * Hand-written inline SVG charts: no script, no fonts or images fetched, nothing but shapes and text, so the page
 * renders the same offline, in print and in a headless browser. Every chart has an {@code id}, a {@code <title>}
 * and an {@code aria-label}; the numbers behind it are in {@code evidence.json}.
 */
final class SvgCharts {
    static final int WIDTH = 1120;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private SvgCharts() {
    }

    /** Upper bound of a four-gridline axis: four times a step of 1, 2 or 5 times a power of ten; at least 4. */
    static long niceMax(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (4 * m * step >= max) {
                    return 4 * m * step;
                }
            }
            step *= 10;
        }
    }

    /**
     * Vertical bars per label, stacked by series.
     *
     * @param values values[series][label]
     */
    static String stackedBars(String id, String title, List<String> labels, List<String> series, long[][] values,
                              String[] colors, int height) {
        int n = labels.size();
        long max = 0;
        for (int i = 0; i < n; i++) {
            long sum = 0;
            for (long[] s : values) {
                sum += s[i];
            }
            max = Math.max(max, sum);
        }
        long top = niceMax(max);
        int legendRows = series.size() > 1 ? (series.size() + 4) / 5 : 0;
        int plotH = height - TOP - BOTTOM - legendRows * 18;
        int plotW = WIDTH - LEFT - RIGHT;
        StringBuilder b = open(id, title, height);
        axis(b, top, plotH, plotW);
        double slot = plotW / (double) Math.max(1, n);
        double bw = Math.max(1, slot * 0.72);
        for (int i = 0; i < n; i++) {
            double x = LEFT + i * slot + (slot - bw) / 2;
            double y = TOP + plotH;
            for (int s = 0; s < values.length; s++) {
                long v = values[s][i];
                if (v <= 0) {
                    continue;
                }
                double h = v * (double) plotH / top;
                y -= h;
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %d</title></rect>",
                        x, y, bw, h, colors[s % colors.length], Html.esc(labels.get(i)), Html.esc(series.get(s)), v));
            }
        }
        int every = Math.max(1, (int) Math.ceil(n / 16.0));
        for (int i = 0; i < n; i += every) {
            double x = LEFT + i * slot + slot / 2;
            b.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" class=\"ax\" text-anchor=\"middle\">%s</text>", x, TOP + plotH + 16,
                    Html.esc(shortDate(labels.get(i)))));
        }
        if (legendRows > 0) {
            int ly = TOP + plotH + 34;
            for (int s = 0; s < series.size(); s++) {
                int col = s % 5;
                int row = s / 5;
                int lx = LEFT + col * 210;
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                                + "<text x=\"%d\" y=\"%d\" class=\"lg\">%s</text>",
                        lx, ly + row * 18 - 10, colors[s % colors.length], lx + 16, ly + row * 18,
                        Html.esc(series.get(s))));
            }
        }
        return b.append("</svg>").toString();
    }

    /** Vertical bars per label, one series. */
    static String bars(String id, String title, List<String> labels, long[] values, String color, int height) {
        return stackedBars(id, title, labels, List.of(title), new long[][] {values}, new String[] {color}, height);
    }

    /** Horizontal bars with a label and the value at the end of each bar. */
    static String horizontalBars(String id, String title, List<String> labels, long[] values, String[] colors) {
        int rowH = 26;
        int labelW = 260;
        int height = TOP + labels.size() * rowH + 8;
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        int plotW = WIDTH - labelW - 80;
        StringBuilder b = open(id, title, height);
        for (int i = 0; i < labels.size(); i++) {
            int y = TOP + i * rowH;
            double w = values[i] * (double) plotW / max;
            b.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" class=\"lb\" text-anchor=\"end\">%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"><title>%s: %d</title></rect>"
                            + "<text x=\"%.1f\" y=\"%d\" class=\"lb\">%d</text>",
                    labelW - 8, y + 14, Html.esc(labels.get(i)), labelW, y, Math.max(w, values[i] > 0 ? 2 : 0),
                    colors[i % colors.length], Html.esc(labels.get(i)), values[i], labelW + Math.max(w, 0) + 6,
                    y + 14, values[i]));
        }
        return b.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, int height) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" width=\"100%\" role=\"img\" aria-label=\"")
                .append(Html.esc(title)).append("\"><title>").append(Html.esc(title)).append("</title>");
        return b;
    }

    private static void axis(StringBuilder b, long top, int plotH, int plotW) {
        for (int g = 0; g <= 4; g++) {
            double y = TOP + plotH - g * plotH / 4.0;
            long v = top * g / 4;
            b.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" class=\"ax\" text-anchor=\"end\">%d</text>",
                    LEFT, LEFT + plotW, y, y, LEFT - 6, y + 4, v));
        }
    }

    /** {@code 2026-07-14} becomes {@code 07-14}. */
    private static String shortDate(String label) {
        return label.length() == 10 && label.charAt(4) == '-' ? label.substring(5) : label;
    }
}
