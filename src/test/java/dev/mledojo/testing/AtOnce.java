package dev.mledojo.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.response.Response;

/** Races: {@code n} requests released together by a barrier, for tests of what holds under parallel calls. */
public final class AtOnce {

    private AtOnce() {
    }

    /** Sends {@code n} requests at once and returns their responses, in the order of their threads. */
    public static List<Response> send(int n, Callable<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    public static long count(List<Response> responses, int status) {
        return responses.stream().filter(r -> r.statusCode() == status).count();
    }
}
