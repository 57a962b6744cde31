package io.cairn.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses the flat {@code key: value} configuration file format. */
final class YamlLikeParser {

    private YamlLikeParser() {}

    /** Parses the lines of {@code file}; errors name the file and the 1-based line number. */
    static Configuration parse(Path file, List<String> lines) {
        Configuration configuration = new Configuration();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            int separator = separator(content);
            if (separator <= 0) {
                throw error(file, lineNumber, "expected 'key: value', found '" + line + "'");
            }
            String key = content.substring(0, separator).strip();
            if (key.chars().anyMatch(Character::isWhitespace)) {
                throw error(file, lineNumber, "key '" + key + "' contains whitespace, in '" + line + "'");
            }
            String value = value(file, lineNumber, key, content.substring(separator + 1));
            Integer previous = firstLine.putIfAbsent(key, lineNumber);
            if (previous != null) {
                throw error(file, lineNumber, "duplicate key '" + key + "' (first set on line " + previous + ")");
            }
            configuration.setString(key, value);
        }
        return configuration;
    }

    /** Returns the index of the first colon followed by whitespace or the end of the line, or -1. */
    private static int separator(String content) {
        for (int i = 0; i < content.length(); i++) {
            boolean atEnd = i + 1 == content.length();
            if (content.charAt(i) == ':' && (atEnd || Character.isWhitespace(content.charAt(i + 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static String value(Path file, int lineNumber, String key, String rest) {
        String text = rest.strip();
        if (!text.isEmpty() && (text.charAt(0) == '"' || text.charAt(0) == '\'')) {
            char quote = text.charAt(0);
            int close = text.indexOf(quote, 1);
            String after = close < 0 ? "" : text.substring(close + 1).strip();
            if (close < 0 || !(after.isEmpty() || after.startsWith("#"))) {
                throw error(file, lineNumber, key + ": badly quoted value " + text);
            }
            return text.substring(1, close);
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                text = text.substring(0, i).strip();
                break;
            }
        }
        if (text.isEmpty()) {
            throw error(file, lineNumber, key + ": missing value (quote an empty string: '')");
        }
        return text;
    }

    private static IllegalConfigurationException error(Path file, int lineNumber, String message) {
        return new IllegalConfigurationException("cannot parse " + file + " line " + lineNumber + ": " + message);
    }
}
