FROM golang:1.22
RUN go install golang.org/x/tools/gopls@v0.16.1 && go run github.com/a-h/templ/cmd/templ@v0.2.747 generate
WORKDIR /src
COPY go.mod go.sum ./
COPY . .
RUN go install ./cmd/... && go install github.com/example/app/cmd/server
