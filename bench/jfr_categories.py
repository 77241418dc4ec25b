#!/usr/bin/env python3
"""Attributes JFR execution samples to the component nearest the top of each stack.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 200 rec.jfr > rec.txt
       python3 bench/jfr_categories.py rec.txt
"""
import collections
import re
import sys

CATEGORIES = [
    ("logback", "ch.qos.logback"), ("Jackson JSON", "tools.jackson"), ("Jackson JSON", "com.fasterxml"),
    ("Hibernate/JPA", "org.hibernate"), ("Spring Data", "org.springframework.data"),
    ("PostgreSQL JDBC", "org.postgresql"), ("Hikari", "com.zaxxer"), ("Lettuce/Netty (Redis)", "io.netty"),
    ("Lettuce/Netty (Redis)", "io.lettuce"), ("Bucket4j", "io.github.bucket4j"),
    ("JDK HttpClient (upstream)", "jdk.internal.net.http"), ("Tomcat", "org.apache"),
    ("Spring Security", "org.springframework.security"), ("Micrometer", "io.micrometer"),
    ("Nimbus JWT", "com.nimbusds"), ("Boot jar loader", "org.springframework.boot.loader"),
    ("Spring tx/AOP", "org.springframework.transaction"), ("Spring tx/AOP", "org.springframework.aop"),
    ("Spring MVC", "org.springframework.web"), ("chatkit code", "io.chatkit"),
    ("virtual-thread scheduling", "java.util.concurrent.ForkJoin"), ("virtual-thread scheduling", "java.lang.VirtualThread"),
    ("JDK crypto", "sun.security"), ("JDK crypto", "com.sun.crypto"), ("JDK NIO/sockets", "sun.nio"),
]

text = open(sys.argv[1]).read()
events = text.split("jdk.ExecutionSample {")[1:]
counts = collections.Counter()
for event in events:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    label = "other JDK/libraries"
    for frame in frames:
        hit = next((name for name, prefix in CATEGORIES if frame.startswith(prefix)), None)
        if hit:
            label = hit
            break
    counts[label] += 1
total = max(1, len(events))
print(f"| component (nearest frame to the top of the stack) | share of {len(events)} CPU samples |")
print("|---|---|")
for name, n in counts.most_common():
    print(f"| {name} | {100 * n / total:.1f}% |")
