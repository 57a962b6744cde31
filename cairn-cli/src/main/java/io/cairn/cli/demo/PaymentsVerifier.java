package io.cairn.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks the demo's committed output against the generator: every seq exactly once with its
 * account; per account, in count order, counts run 1..n, each balance is the previous plus that
 * event's amount, each last-ten sum matches; final balances and counts equal the generator's.
 */
public final class PaymentsVerifier {

    /**
     * The outcome.
     *
     * @param ok whether everything matched
     * @param message the verification sentence, or the first mismatch
     * @param badAccount the first bad account, or -1
     */
    public record Result(boolean ok, String message, long badAccount) {}

    private final long events;
    private final long accounts;
    private final long seed;

    /**
     * @param events the number of events
     * @param accounts the number of accounts
     * @param seed the seed
     */
    public PaymentsVerifier(long events, long accounts, long seed) {
        this.events = events;
        this.accounts = accounts;
        this.seed = seed;
    }

    /**
     * Verifies output files.
     *
     * @param files the committed files
     * @return the result
     * @throws IOException if a file cannot be read
     */
    public Result verifyFiles(List<Path> files) throws IOException {
        Parsed parsed = new Parsed(events);
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    Result bad = parsed.add(line);
                    if (bad != null) {
                        return bad;
                    }
                }
            }
        }
        return check(parsed);
    }

    /**
     * Verifies lines (for tests).
     *
     * @param lines the output lines
     * @return the result
     */
    public Result verifyLines(List<String> lines) {
        Parsed parsed = new Parsed(events);
        for (String line : lines) {
            Result bad = parsed.add(line);
            if (bad != null) {
                return bad;
            }
        }
        return check(parsed);
    }

    private final class Parsed {
        final long[] account;
        final long[] balance;
        final long[] count;
        final long[] lastTen;
        final boolean[] seen;

        Parsed(long events) {
            int n = Math.toIntExact(events);
            account = new long[n];
            balance = new long[n];
            count = new long[n];
            lastTen = new long[n];
            seen = new boolean[n];
        }

        Result add(String line) {
            String[] p = line.split(",");
            if (p.length != 5) {
                return new Result(false, "malformed output line '" + line + "'", -1);
            }
            long seq;
            try {
                seq = Long.parseLong(p[0]);
                if (seq < 0 || seq >= events) {
                    return new Result(false, "seq " + seq + " is outside 0.." + (events - 1) + " (wrong --events?)", -1);
                }
                int s = (int) seq;
                if (seen[s]) {
                    return new Result(false, "seq " + seq + " appears twice (account " + p[1] + ")", Long.parseLong(p[1]));
                }
                seen[s] = true;
                account[s] = Long.parseLong(p[1]);
                balance[s] = Long.parseLong(p[2]);
                count[s] = Long.parseLong(p[3]);
                lastTen[s] = Long.parseLong(p[4]);
            } catch (NumberFormatException e) {
                return new Result(false, "malformed output line '" + line + "'", -1);
            }
            Payments.Payment expected = Payments.payment(seq, seed, accounts);
            if (expected.account() != account[(int) seq]) {
                return new Result(false, "seq " + seq + " has account " + account[(int) seq] + " but the generator (seed "
                        + seed + ") gives account " + expected.account(), account[(int) seq]);
            }
            return null;
        }
    }

    private Result check(Parsed d) {
        int n = Math.toIntExact(events);
        for (int s = 0; s < n; s++) {
            if (!d.seen[s]) {
                return new Result(false, "seq " + s + " is missing (account " + Payments.payment(s, seed, accounts).account() + ")",
                        Payments.payment(s, seed, accounts).account());
            }
        }
        // order each account's events by count: seqs sorted by (account, count)
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> d.account[a] != d.account[b] ? Long.compare(d.account[a], d.account[b])
                : Long.compare(d.count[a], d.count[b]));
        long[] window = new long[10];
        int i = 0;
        long accountsSeen = 0;
        while (i < n) {
            long acc = d.account[order[i]];
            long expectedCount = 1;
            long runningBalance = 0;
            long windowSum = 0;
            int windowSize = 0;
            int windowStart = 0;
            accountsSeen++;
            for (; i < n && d.account[order[i]] == acc; i++) {
                int s = order[i];
                long amount = Payments.payment(s, seed, accounts).amount();
                if (d.count[s] != expectedCount) {
                    return new Result(false, "account " + acc + ": event seq " + s + " has count " + d.count[s] + ", expected "
                            + expectedCount, acc);
                }
                runningBalance += amount;
                if (d.balance[s] != runningBalance) {
                    return new Result(false, "account " + acc + ": balance after seq " + s + " (count " + expectedCount + ") is "
                            + d.balance[s] + ", expected " + runningBalance, acc);
                }
                if (windowSize < 10) {
                    window[(windowStart + windowSize) % 10] = amount;
                    windowSize++;
                } else {
                    windowSum -= window[windowStart];
                    window[windowStart] = amount;
                    windowStart = (windowStart + 1) % 10;
                }
                windowSum += amount;
                if (d.lastTen[s] != windowSum) {
                    return new Result(false, "account " + acc + ": last-ten sum after seq " + s + " is " + d.lastTen[s]
                            + ", expected " + windowSum, acc);
                }
                expectedCount++;
            }
        }
        return new Result(true, "verified " + events + " events, " + accountsSeen + " accounts", -1);
    }
}
