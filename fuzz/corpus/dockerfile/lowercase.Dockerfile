from alpine as Base
run echo lower
From base
Copy --from=0 / /
