package dev.phisafe.examples.demo;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's vendor when no model is configured: NOT a language model. It answers from the minimized prompt it
 * received and nothing else — it picks the sentences of the retrieved context that share the most keywords with the
 * question and returns them as written, placeholders and shifted dates included. So its answer can hold only what
 * the vendor was sent, and re-identification can be seen at work on it. The demo labels it "offline stand-in".
 */
public final class OfflineStandInChatModel implements ChatModel {
    /** The model name shown in the demo's destinations and evidence. */
    public static final String MODEL = "offline-stand-in";

    private static final Pattern WORD = Pattern.compile("<[A-Z_]+_\\d+>|[A-Za-z][A-Za-z0-9-]{2,}");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\b(?:Mr|Ms|Dr)\\.)(?<=[.!?])\\s+");
    private static final Set<String> STOP = Set.of("what", "when", "which", "does", "have", "with", "this", "that",
            "from", "about", "their", "there", "were", "was", "and", "the", "for", "his", "her", "how", "should",
            "write", "draft", "plain-language", "patient", "notes", "note", "last", "latest", "current", "reach",
            "summary", "discharge", "reminder", "next", "any", "are", "who", "can", "give", "list");

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String user = "";
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u && u.hasSingleText()) {
                user = u.singleText();
            }
        }
        int split = user.indexOf("\n\n");
        String question = split < 0 ? user : user.substring(0, split);
        String context = split < 0 ? "" : user.substring(split + 2);
        Set<String> keywords = new LinkedHashSet<>();
        Matcher q = WORD.matcher(question);
        while (q.find()) {
            String w = q.group().toLowerCase(Locale.ROOT);
            if (!w.startsWith("<") && !STOP.contains(w)) {
                keywords.add(stem(w));
            }
        }
        List<String> sentences = new ArrayList<>();
        for (String paragraph : context.split("\n")) {
            if (paragraph.contains("minimized before it reached you") || paragraph.contains("Keep every placeholder")) {
                continue; // the guard's instruction, not clinical content
            }
            for (String s : SENTENCE_END.split(paragraph.strip())) {
                if (!s.isBlank()) {
                    sentences.add(s.strip());
                }
            }
        }
        List<String> picked = pick(sentences, keywords, question.toLowerCase(Locale.ROOT).startsWith("draft") ? 5 : 3);
        String text = picked.isEmpty() ? "The retrieved notes do not answer this."
                : String.join(" ", picked);
        if (question.toLowerCase(Locale.ROOT).startsWith("draft")) {
            Matcher name = Pattern.compile("<NAME_\\d+>").matcher(question);
            text = "DISCHARGE SUMMARY (draft) for " + (name.find() ? name.group() : "the patient") + ". "
                    + "Course: " + text;
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName(MODEL).build();
    }

    /** The {@code max} best sentences by keyword overlap (ties: earlier first), in their original order. */
    private static List<String> pick(List<String> sentences, Set<String> keywords, int max) {
        List<int[]> scored = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            Set<String> words = new LinkedHashSet<>();
            Matcher m = WORD.matcher(sentences.get(i));
            while (m.find()) {
                words.add(stem(m.group().toLowerCase(Locale.ROOT)));
            }
            int score = (int) keywords.stream().filter(words::contains).count();
            if (score > 0 || keywords.isEmpty()) {
                scored.add(new int[] {i, score});
            }
        }
        scored.sort(Comparator.<int[]>comparingInt(s -> -s[1]).thenComparingInt(s -> s[0]));
        List<int[]> top = new ArrayList<>(scored.subList(0, Math.min(max, scored.size())));
        top.sort(Comparator.comparingInt(s -> s[0]));
        List<String> out = new ArrayList<>();
        top.forEach(s -> out.add(sentences.get(s[0])));
        return out;
    }

    private static String stem(String w) {
        return w.length() > 5 ? w.substring(0, 5) : w;
    }

    @Override
    public String toString() {
        return "OfflineStandInChatModel{extracts sentences from the prompt it received; not a language model}";
    }
}
