# expect: DF-042 @4
# expect: DF-042 @5
FROM eclipse-temurin:21-jre
ENV APP_HOME=/opt/app APP_CONF=${APP_HOME}/conf
ENV PATH=/opt/a/bin:$PATH PATH=/opt/b/bin:$PATH
