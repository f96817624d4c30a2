FROM eclipse-temurin:21-jre
ENV APP_HOME=/opt/app
ENV APP_CONF=${APP_HOME}/conf PATH=/opt/app/bin:$PATH
ENV APP_HOME=/srv/app APP_LOG=$APP_HOME/log
ENV APP_HOMEDIR=/x APP_DATA=$APP_HOME_DATA
