ARG A=1
ARG B=${A}2 C=$B${A:+x}${U-unset}${A:-d}
FROM x AS one
ARG A
ENV E=$A F='$A' G="\$A"
FROM one
RUN echo ${E} ${B}
FROM 0
