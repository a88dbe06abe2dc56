package org.rayport.people.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.rayport.people.Group;
import org.rayport.people.InvalidInputException;
import org.rayport.people.UserDraft;

/** The limits every user and group must keep, checked before anything is written. */
final class PeopleRules {

    static final int MAX_ID = 64;
    static final int MAX_NAME = 200;
    static final int MAX_MAIL_TOTAL = 2000;
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    static final int MAX_OPTIONS = 100;
    static final int MAX_OPTION_KEY = 64;
    static final int MAX_OPTION_VALUE = 1000;
    static final int MAX_MEMBERS = 10_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    private static final Pattern MAIL = Pattern.compile("[^@\\s;,]+@[^@\\s;,]+\\.[^@\\s;,]+");

    private PeopleRules() {
    }

    static String id(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException(field, "must not be empty");
        }
        if (id.length() > MAX_ID) {
            throw new InvalidInputException(field, "at most " + MAX_ID + " characters");
        }
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException(field,
                    "letters, digits, '.', '_', '@' and '-' only, starting with a letter or digit");
        }
        return id;
    }

    static String name(String name, String fallback) {
        String value = name == null || name.isBlank() ? fallback : name.strip();
        if (value.length() > MAX_NAME) {
            throw new InvalidInputException("name", "at most " + MAX_NAME + " characters");
        }
        return value;
    }

    static String password(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidInputException(field, "at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new InvalidInputException(field, "at most " + MAX_PASSWORD + " characters");
        }
        return password;
    }

    /** The addresses joined with semicolons, as stored. */
    static String mail(List<String> addresses) {
        List<String> cleaned = new ArrayList<>();
        for (String address : addresses) {
            if (address == null || address.isBlank()) {
                continue;
            }
            String trimmed = address.strip();
            if (!MAIL.matcher(trimmed).matches()) {
                throw new InvalidInputException("mail", "'" + abbreviate(trimmed) + "' is not an e-mail address");
            }
            cleaned.add(trimmed);
        }
        String joined = String.join(";", cleaned);
        if (joined.length() > MAX_MAIL_TOTAL) {
            throw new InvalidInputException("mail", "at most " + MAX_MAIL_TOTAL + " characters in all");
        }
        return joined;
    }

    static List<String> splitMail(String stored) {
        List<String> result = new ArrayList<>();
        for (String part : stored.split(";")) {
            if (!part.isBlank()) {
                result.add(part.strip());
            }
        }
        return result;
    }

    static Map<String, String> options(Map<String, String> options) {
        if (options.size() > MAX_OPTIONS) {
            throw new InvalidInputException("options", "at most " + MAX_OPTIONS + " entries");
        }
        options.forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > MAX_OPTION_KEY) {
                throw new InvalidInputException("options", "keys must have 1 to " + MAX_OPTION_KEY + " characters");
            }
            if (value == null || value.length() > MAX_OPTION_VALUE) {
                throw new InvalidInputException("options",
                        "value of '" + abbreviate(key) + "' must have at most " + MAX_OPTION_VALUE + " characters");
            }
        });
        return options;
    }

    static void user(UserDraft draft) {
        id("id", draft.id());
        name(draft.name(), draft.id());
        mail(draft.mail());
        options(draft.options());
    }

    static void group(Group group) {
        id("id", group.id());
        name(group.name(), group.id());
        Set<String> members = group.members();
        if (members.size() > MAX_MEMBERS) {
            throw new InvalidInputException("members", "at most " + MAX_MEMBERS + " members");
        }
        for (String member : members) {
            id("members", member);
        }
        for (String admin : group.chatAdmins()) {
            if (!members.contains(admin)) {
                throw new InvalidInputException("chatAdmins", "'" + abbreviate(admin) + "' is not a member of the group");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
