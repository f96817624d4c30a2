# expect: DF-040 @3
FROM debian:12-slim
MAINTAINER Jane Doe <jane@example.org>
