package org.herald.http.rest;

import org.herald.http.problem.HttpProblem;

/** Query parameters read strictly: a value that cannot be read is refused naming the parameter. */
final class Params {
    private Params() {
    }

    /** A whole number within bounds, or null when absent: 400 when not a number, 422 when out of range. */
    static Integer integer(String name, String value, int min, int max) {
        if (value == null) return null;
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new HttpProblem(400, "bad-request", name, name + ": '" + value + "' is not a whole number");
        }
        if (n < min || n > max) throw HttpProblem.invalid(name, n + " is outside " + min + ".." + max);
        return n;
    }

    /** true/false (or 1/0), or null when absent. */
    static Boolean bool(String name, String value) {
        if (value == null) return null;
        return switch (value.trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new HttpProblem(400, "bad-request", name, name + ": '" + value + "' is not true or false");
        };
    }
}
