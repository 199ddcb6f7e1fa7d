import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a,b,c}from"./halopsa-mcp.chunk-VXXQL6I6.js";import"./halopsa-mcp.chunk-3IMLUE2G.js";import"./halopsa-mcp.chunk-N3FYWQAA.js";import"./halopsa-mcp.chunk-YN2HPP6I.js";import"./halopsa-mcp.chunk-GCTM6CN6.js";import"./halopsa-mcp.chunk-OALW6WVY.js";export{a as noToolProblem,b as runDoctor,c as runSetupCheck};
