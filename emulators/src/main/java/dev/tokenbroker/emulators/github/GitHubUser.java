package dev.tokenbroker.emulators.github;

import java.util.Objects;

/** A GitHub account as {@code GET /user} shows it: {@code login}, numeric {@code id}, {@code name}, public {@code email}. */
public record GitHubUser(String login, long id, String name, String email) {

    public GitHubUser {
        Objects.requireNonNull(login, "login");
    }
}
